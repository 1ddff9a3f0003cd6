import { Dashboards, generatorVerdict, startTarget, worstLoad } from './cluster';
import { scaled, type BenchEnv } from './env';
import { fleetName } from './fanout';
import {
  fmt,
  fmtMs,
  goal,
  goalLines,
  table,
  type Check,
  type Goal,
  type Section,
} from './report';
import { LATENCY_BUCKETS, median } from './stats';
import type { TargetKind } from './target';

/** W1's shape at full scale: 10 dashboards and 100 vehicles a fleet. */
const FULL = { vehicles: 10_000, fleets: 100, dashboards: 1000 };
/** Seconds fed before the window; the smoke's are shorter. */
const warmSeconds = (env: BenchEnv) => (env.scale < 1 ? 1 : 2);
const CLIENT_PROCESSES = 2;

interface Variant {
  name: string;
  kind: TargetKind;
}

interface Run {
  variant: string;
  round: number;
  expected: number;
  updates: number;
  duplicates: number;
  cpuSeconds: number;
  perCpu: number;
  p50: number;
  p99: number;
  bytesPerUpdate: number;
  genCpu: number;
  genLag: number;
  invalid: string | null;
}

/** One variant once: start it, connect the dashboards, feed, drain, count. */
async function runOnce(
  env: BenchEnv,
  protocol: 'sio' | 'bookovia',
  variant: Variant,
  round: number,
  dashboards: Dashboards,
): Promise<Run> {
  const fleets = scaled(FULL.fleets, env.scale);
  const vehicles = fleets * (FULL.vehicles / FULL.fleets);
  const viewers = Array.from({ length: fleets * 10 }, (_, j) => fleetName(j % fleets));
  const target = await startTarget({
    kind: variant.kind,
    fleets,
    port: 0,
    env: env.serverEnv,
  });
  try {
    const live = await dashboards.connect({ protocol, url: target.url }, viewers);
    if (live < viewers.length) {
      throw new Error(`only ${live} of ${viewers.length} dashboards connected`);
    }
    const owed = (perFleet: number[]) => perFleet.reduce((a, n) => a + n * 10, 0);
    const shape = { vehicles, fleets };
    const warm = await target.child.call<number[]>('feed', {
      ...shape,
      seconds: warmSeconds(env),
    });
    await dashboards.drain(owed(warm));
    await dashboards.reset();

    const cpu0 = target.cpu();
    const sent = await target.child.call<number[]>('feed', {
      ...shape,
      seconds: env.seconds,
    });
    const expected = owed(sent);
    await dashboards.drain(expected);
    const cpuSeconds = target.cpu() - cpu0;
    const got = await dashboards.stats();
    const load = worstLoad(got.loads);
    return {
      variant: variant.name,
      round,
      expected,
      updates: got.updates,
      duplicates: got.duplicates,
      cpuSeconds,
      perCpu: got.updates / Math.max(0.01, cpuSeconds),
      p50: got.latency.quantile(0.5),
      p99: got.latency.quantile(0.99),
      bytesPerUpdate: got.bytes / Math.max(1, got.updates),
      genCpu: load.cpu,
      genLag: load.lagP99Ms,
      invalid: generatorVerdict(got.loads),
    };
  } finally {
    await dashboards.disconnect();
    await target.close();
  }
}

/** Every variant once per round, in turn, so ratios compare neighbouring runs. */
async function rounds(
  env: BenchEnv,
  protocol: 'sio' | 'bookovia',
  variants: readonly Variant[],
): Promise<Run[]> {
  const runs: Run[] = [];
  const dashboards = Dashboards.spawn(CLIENT_PROCESSES);
  try {
    for (let round = 1; round <= env.rounds; round++) {
      for (const v of variants) {
        runs.push(await runOnce(env, protocol, v, round, dashboards));
      }
    }
  } finally {
    await dashboards.close();
  }
  return runs;
}

/** Per round, `a`'s figure over `b`'s; the median over rounds. */
function ratio(runs: Run[], a: string, b: string, f: (r: Run) => number): number {
  const ratios: number[] = [];
  for (const r of runs.filter((x) => x.variant === a)) {
    const other = runs.find((x) => x.variant === b && x.round === r.round);
    if (other) ratios.push(f(r) / f(other));
  }
  return median(ratios);
}

function runTable(runs: Run[]): string[] {
  const head = [
    'variant',
    'round',
    'delivered',
    'owed',
    'dup',
    'server CPU s',
    'updates/CPU-s',
    'p50 ms',
    'p99 ms',
    'B/update',
    'gen CPU',
    'gen lag p99',
    'valid',
  ];
  return table(
    head,
    runs.map((r) => [
      r.variant,
      String(r.round),
      fmt(r.updates),
      fmt(r.expected),
      fmt(r.duplicates),
      fmt(r.cpuSeconds, 2),
      fmt(r.perCpu),
      fmtMs(r.p50),
      fmtMs(r.p99),
      fmt(r.bytesPerUpdate, 1),
      `${fmt(100 * r.genCpu)} %`,
      `${fmt(r.genLag, 1)} ms`,
      r.invalid ? `INVALID (${r.invalid})` : 'yes',
    ]),
  );
}

const checksOf = (runs: Run[]): Check[] =>
  runs.map((r) => ({
    run: `${r.variant} #${r.round}`,
    expected: r.expected,
    delivered: r.updates,
    duplicates: r.duplicates,
  }));

const invalidOf = (runs: Run[]) =>
  runs.filter((r) => r.invalid).map((r) => `${r.variant} #${r.round}: ${r.invalid}`);

const medianOf = (runs: Run[], v: string, f: (r: Run) => number) =>
  median(runs.filter((r) => r.variant === v).map(f));

export async function w1FanOut(env: BenchEnv): Promise<Section> {
  const runs = await rounds(env, 'sio', [
    { name: 'fleetlight', kind: 'fleetlight' },
    { name: '(a) emit per fix', kind: 'sio-emit' },
    { name: '(b) array per 100 ms', kind: 'sio-batch' },
  ]);
  const perCpu = (r: Run) => r.perCpu;
  const vsA = ratio(runs, 'fleetlight', '(a) emit per fix', perCpu);
  const vsB = ratio(runs, 'fleetlight', '(b) array per 100 ms', perCpu);
  const p99 = medianOf(runs, 'fleetlight', (r) => r.p99);
  const p99a = medianOf(runs, '(a) emit per fix', (r) => r.p99);
  const bytes = medianOf(runs, 'fleetlight', (r) => r.bytesPerUpdate);
  const goals: Goal[] = [
    goal('updates per CPU-s ≥ 8× (a)', vsA >= 8, `${fmt(vsA, 2)}×`),
    goal('updates per CPU-s ≥ 2× (b)', vsB >= 2, `${fmt(vsB, 2)}×`),
    goal(
      "p99 ≤ (a)'s",
      Math.max(p99, p99a) >= LATENCY_BUCKETS - 1 ? null : p99 <= p99a,
      `${fmtMs(p99)} ms against ${fmtMs(p99a)} ms`,
    ),
    goal('≤ 40 bytes per update', bytes <= 40, `${fmt(bytes, 1)} B`),
  ];
  return {
    title: 'W1 fan-out (Socket.IO dashboards)',
    lines: [
      ...runTable(runs),
      '',
      `Ratios (median of per-round ratios), updates per server CPU-s: ×(a) ${fmt(vsA, 2)}, ×(b) ${fmt(vsB, 2)}.`,
      '',
      ...goalLines(goals),
    ],
    goals,
    checks: checksOf(runs),
    invalid: invalidOf(runs),
  };
}

export async function bookoviaFanOut(env: BenchEnv): Promise<Section> {
  const runs = await rounds(env, 'bookovia', [
    { name: 'fleetlight bookovia', kind: 'fleetlight' },
    { name: 'bare ws loop', kind: 'ws-loop' },
  ]);
  const vs = ratio(runs, 'fleetlight bookovia', 'bare ws loop', (r) => r.perCpu);
  const goals = [
    goal('updates per CPU-s ≥ 1.5× the bare ws loop', vs >= 1.5, `${fmt(vs, 2)}×`),
  ];
  return {
    title: 'Raw Bookovia path (WebSocket, JSON envelopes)',
    lines: [...runTable(runs), '', ...goalLines(goals)],
    goals,
    checks: checksOf(runs),
    invalid: invalidOf(runs),
  };
}
