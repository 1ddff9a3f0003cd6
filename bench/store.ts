/**
 * What one batch costs the fleet store at fleet scale, in Node: the
 * merge, the history and `newest`, without a browser or subscribers.
 * Each vehicle reports once a second in five staggered groups, so a
 * batch carries a fifth of the fleet, as the dashboard's 200 ms
 * coalescer delivers it.
 *
 *   npx tsx bench/store.ts
 *   # BENCH_FLEETS (10000,50000), BENCH_BATCHES (100) per fleet size
 *
 * Results: docs/BENCHMARKS.md ("Map: the vehicle layer").
 */
import type { Vehicle } from '../lib/fleet/vehicle';
import { createFleetStore } from '../lib/store/fleet-store';

const FLEETS = (process.env['BENCH_FLEETS'] ?? '10000,50000').split(',').map(Number);
const BATCHES = Number(process.env['BENCH_BATCHES'] ?? 100);
const GROUPS = 5;

function fix(k: number, t: number): Vehicle {
  return {
    id: `car-${k}`,
    fleetId: 'bench',
    lon: -97.8 + (k % 1000) * 1e-4,
    lat: 30.2 + Math.floor(k / 1000) * 1e-4 + t * 1e-6,
    heading: 90,
    speed: 40,
    deviceTime: t,
    receivedAt: t,
  };
}

for (const n of FLEETS) {
  const store = createFleetStore('bench');
  let t = Date.UTC(2026, 0, 1);
  store.getState().applyBatch(Array.from({ length: n }, (_, k) => fix(k, t)));
  const ms: number[] = [];
  for (let i = 0; i < BATCHES; i++) {
    t += 1000 / GROUPS;
    const batch: Vehicle[] = [];
    for (let k = i % GROUPS; k < n; k += GROUPS) batch.push(fix(k, t));
    const t0 = performance.now();
    store.getState().applyBatch(batch);
    ms.push(performance.now() - t0);
  }
  ms.sort((a, b) => a - b);
  const at = (p: number) =>
    (ms[Math.floor((p / 100) * (ms.length - 1))] ?? NaN).toFixed(1);
  process.stdout.write(
    `${n} vehicles, ${n / GROUPS} fixes a batch: ` +
      `applyBatch p50 ${at(50)} ms, p95 ${at(95)} ms\n`,
  );
}
