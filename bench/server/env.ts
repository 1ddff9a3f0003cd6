/**
 * The knobs every scenario reads. `BENCH_SCALE` shrinks the load (vehicles,
 * dashboards, connections, rates) but never the shape: 100 fleets stay
 * 100 fleets until the scale leaves fewer than one vehicle a fleet.
 */
const num = (name: string, fallback: number): number => {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0) {
    throw new Error(`${name}=${raw} must be a positive number`);
  }
  return value;
};

export interface BenchEnv {
  /** Fraction of the full load, (0, 1]; 0.1 is the smoke. */
  scale: number;
  /** Measured seconds per run, after the warm-up. */
  seconds: number;
  /** Rounds of each scenario; variants alternate within a round. */
  rounds: number;
  /** Most rates the pipeline steps through (all six by default). */
  steps: number;
  /** Scenario names to run (all when empty). */
  only: readonly string[];
  /** Where the markdown goes; none when empty. */
  resultsDir: string;
  /** Settings for every Fleetlight under test, on top of the harness's own. */
  serverEnv: Record<string, string>;
}

/**
 * `BENCH_SERVER_ENV="LOCATION_INTERVAL_MS=0 STREAM_BATCH_MS=50"`: server
 * settings to measure against the defaults; the server checks the values.
 */
function serverEnv(raw: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const pair of raw.split(/\s+/).filter(Boolean)) {
    const match = /^([A-Z][A-Z0-9_]*)=(.*)$/.exec(pair);
    if (!match?.[1] || match[2] === undefined) {
      throw new Error(`BENCH_SERVER_ENV: ${pair} must read NAME=value`);
    }
    out[match[1]] = match[2];
  }
  return out;
}

export function readEnv(): BenchEnv {
  const scale = num('BENCH_SCALE', 1);
  if (scale > 1) throw new Error(`BENCH_SCALE=${scale} must be at most 1`);
  const only = (process.env['BENCH_ONLY'] ?? '').split(',').filter(Boolean);
  return {
    scale,
    seconds: num('BENCH_SECONDS', 20),
    rounds: Math.round(num('BENCH_ROUNDS', scale < 1 ? 1 : 2)),
    steps: Math.round(num('BENCH_STEPS', Infinity)),
    only,
    resultsDir: process.env['BENCH_RESULTS_DIR'] ?? 'bench/results',
    serverEnv: serverEnv(process.env['BENCH_SERVER_ENV'] ?? ''),
  };
}

/** Scales a count, keeping at least `min`. */
export const scaled = (full: number, scale: number, min = 1): number =>
  Math.max(min, Math.round(full * scale));

/** The generator is the bottleneck past either of these (bench/server/README). */
export const GENERATOR_MAX_CPU = 0.9;
export const GENERATOR_MAX_LAG_P99_MS = 50;
