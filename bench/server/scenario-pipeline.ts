import { Dashboards, generatorVerdict, startTarget, type Target } from './cluster';
import { scaled, type BenchEnv } from './env';
import { fleetName } from './fanout';
import type { IngestArgs, IngestResult } from './ingest-gen';
import { fmt, fmtMs, goal, goalLines, table, type Check, type Section } from './report';
import { spawnChild, type Child } from './rpc';

/** Fixes a second at full scale, one per vehicle: each step adds vehicles. */
const RATES = [5000, 10_000, 20_000, 35_000, 50_000, 70_000];
const FLEETS = 100;
const VIEWERS_PER_FLEET = 10;
const WARM_SECONDS = 3;
const P99_LIMIT_MS = 250;

export interface Step {
  rate: number;
  sent: number;
  accepted: number;
  delivered: number;
  owed: number;
  duplicates: number;
  serverCpu: number;
  p50: number;
  p99: number;
  invalid: string | null;
  sustained: boolean;
}

/** One rate: a warm-up, then the measured window, then what is still on its way. */
export async function step(
  env: BenchEnv,
  rate: number,
  fleets: number,
  ingestTo: Target,
  generator: Child,
  dashboards: Dashboards,
  viewersPerFleet: number,
): Promise<Step> {
  const args = (seconds: number): IngestArgs => ({
    url: ingestTo.url,
    rate,
    fleets,
    seconds,
  });
  // Counted from zero, or the last step's positions would end the drain early.
  await dashboards.reset();
  const warm = await generator.call<IngestResult>('run', args(WARM_SECONDS));
  await dashboards.drain(warm.accepted * viewersPerFleet);
  await dashboards.reset();
  const cpu0 = ingestTo.cpu();
  const t0 = Date.now();
  const load = await generator.call<IngestResult>('run', args(env.seconds));
  const owed = load.accepted * viewersPerFleet;
  await dashboards.drain(owed);
  const serverCpu = (ingestTo.cpu() - cpu0) / ((Date.now() - t0) / 1000);
  const got = await dashboards.stats();
  const invalid = generatorVerdict([load.load, ...got.loads]);
  const p99 = got.latency.quantile(0.99);
  return {
    rate,
    sent: load.sent,
    accepted: load.accepted,
    delivered: got.updates,
    owed,
    duplicates: got.duplicates,
    serverCpu,
    p50: got.latency.quantile(0.5),
    p99,
    invalid,
    sustained:
      invalid === null &&
      p99 <= P99_LIMIT_MS &&
      load.accepted >= 0.99 * load.sent &&
      got.updates >= 0.99 * owed,
  };
}

export function stepRow(s: Step, genLoad?: string): string[] {
  return [
    fmt(s.rate),
    fmt(s.sent),
    fmt(s.accepted),
    fmt(s.delivered),
    fmt(s.owed),
    fmt(s.duplicates),
    `${fmt(100 * s.serverCpu)} %`,
    fmtMs(s.p50),
    fmtMs(s.p99),
    s.invalid ? `INVALID (${s.invalid})` : (genLoad ?? 'yes'),
  ];
}

export const STEP_HEAD = [
  'fixes/s',
  'sent',
  'accepted',
  'delivered',
  'owed',
  'dup',
  'server CPU',
  'p50 ms',
  'p99 ms',
  'valid',
];

export async function wholePipeline(env: BenchEnv): Promise<Section> {
  const fleets = scaled(FLEETS, env.scale);
  const rates = RATES.slice(0, env.steps).map((r) => scaled(r, env.scale, fleets));
  const target = await startTarget({
    kind: 'pipeline',
    fleets,
    port: 0,
    env: env.serverEnv,
  });
  const generator = spawnChild('./ingest-gen.ts');
  const dashboards = Dashboards.spawn(2);
  const steps: Step[] = [];
  try {
    const viewers = Array.from({ length: fleets * VIEWERS_PER_FLEET }, (_, j) =>
      fleetName(j % fleets),
    );
    const live = await dashboards.connect({ protocol: 'sio', url: target.url }, viewers);
    if (live < viewers.length)
      throw new Error(`only ${live} of ${viewers.length} dashboards connected`);
    for (const rate of rates) {
      const s = await step(
        env,
        rate,
        fleets,
        target,
        generator,
        dashboards,
        VIEWERS_PER_FLEET,
      );
      steps.push(s);
      if (!s.sustained) break;
    }
  } finally {
    await dashboards.close();
    await generator.kill();
    await target.close();
  }
  const best = [...steps].reverse().find((s) => s.sustained)?.rate ?? 0;
  const full = best / env.scale;
  const goals = [
    goal(
      '≥ 50,000 fixes/s sustained, every detector on',
      full >= 50_000,
      `${fmt(best)} fixes/s at scale ${env.scale}`,
    ),
  ];
  const checks: Check[] = steps.map((s) => ({
    run: `${s.rate} fixes/s`,
    expected: s.owed,
    delivered: s.delivered,
    duplicates: s.duplicates,
  }));
  return {
    title: 'Whole pipeline (HTTP ingest → engine → storage → Socket.IO)',
    lines: [
      `${fleets} fleets, ${VIEWERS_PER_FLEET} dashboards each; one vehicle per fix a second; a step is sustained while p99 ≤ ${P99_LIMIT_MS} ms and ≥ 99 % is accepted and delivered.`,
      '',
      ...table(
        STEP_HEAD,
        steps.map((s) => stepRow(s)),
      ),
      '',
      `Highest sustained rate: **${fmt(best)} fixes/s**.`,
      '',
      ...goalLines(goals),
    ],
    goals,
    checks,
    invalid: steps.filter((s) => s.invalid).map((s) => `${s.rate}/s: ${s.invalid}`),
  };
}
