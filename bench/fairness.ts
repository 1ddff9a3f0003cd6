/**
 * Whether a bad client slows the good ones. One Fleetlight (its own
 * process, bench/fairness-server.ts) takes BENCH_VEHICLES fixes a second
 * through HTTP ingest and raises BENCH_ALERT_RATE high alerts a second;
 * BENCH_CLIENTS Bookovia clients and as many Socket.IO dashboards time
 * every position and keep every alert. Ingest and every client run in
 * this process, whose CPU and event-loop lag are checked each round. Rounds alternate: baseline, slow (one
 * client per transport stops reading; the round lasts until both are
 * cut, at most BENCH_SLOW_MAX_SECONDS), baseline, flood (one client per
 * transport sends 10× RATE_LIMIT_PER_S, reconnecting whenever it is cut).
 * The report compares the good clients' p50/p99 with and without (goal:
 * within 10 %), counts the alerts they got (goal: all), says how each
 * bad client was cut, and marks a round INVALID when this process (the
 * load generator) was the bottleneck.
 *
 *   npm run bench:fairness
 *   # BENCH_SECONDS (20) a round, BENCH_ROUNDS (2) cycles of the four,
 *   # BENCH_VEHICLES (500), BENCH_CLIENTS (20) per transport,
 *   # BENCH_ALERT_RATE (2), BENCH_SLOW_MAX_SECONDS (90),
 *   # BENCH_RESULTS_DIR (bench/results; empty for none)
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DEFAULT_RATE_LIMIT } from '../server/limits/flood-guard';
import {
  connectionCounts,
  Flooder,
  goodBookovia,
  goodSocketIo,
  IngestLoad,
  SlowConsumer,
  Tally,
  type Cut,
  type GoodClient,
  type IngestCount,
  type Target,
  type Transport,
} from './fairness-clients';
import { generatorVerdict, worstLoad } from './server/cluster';
import { BENCH_KEY, fleetName } from './server/fanout';
import { fmt, fmtMs, table } from './server/report';
import { spawnChild, type Child } from './server/rpc';
import {
  LatencyHistogram,
  procCpuSeconds,
  watchLoad,
  type GeneratorLoad,
} from './server/stats';

const num = (name: string, fallback: number): number => {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0) {
    throw new Error(`${name}=${raw} must be a positive number`);
  }
  return value;
};

const SECONDS = num('BENCH_SECONDS', 20);
const ROUNDS = Math.round(num('BENCH_ROUNDS', 2));
const VEHICLES = Math.round(num('BENCH_VEHICLES', 500));
const CLIENTS = Math.round(num('BENCH_CLIENTS', 20));
const ALERT_RATE = num('BENCH_ALERT_RATE', 2);
const SLOW_MAX_SECONDS = num('BENCH_SLOW_MAX_SECONDS', 90);
const RESULTS_DIR = process.env['BENCH_RESULTS_DIR'] ?? 'bench/results';
/** Load before the first round, so it starts in the steady state. */
const WARM_MS = 5000;
/** How long the good clients get to receive the last alerts of a round. */
const SETTLE_MS = 5000;
/** The goal: a bad client moves the good clients' p50 and p99 by at most this. */
const GOAL_RATIO = 1.1;
/** Room for the good and bad clients and their reconnections on the one key. */
const SERVER_ENV = { MAX_CONNECTIONS_PER_KEY: '1000' };
const FLOOD_RATE = 10 * DEFAULT_RATE_LIMIT.perSecond;

type Kind = 'baseline' | 'slow' | 'flood';

interface Round {
  kind: Kind;
  seconds: number;
  tally: Tally;
  raised: number;
  /** Raised alerts every good client got, over raised × clients. */
  delivered: number;
  /** Good clients the server dropped. */
  dropped: number;
  /** How each bad client ended, per transport. */
  bad: Partial<Record<Transport, string>>;
  rssBefore: number;
  rssAfter: number;
  serverCpu: number;
  loads: GeneratorLoad[];
  invalid: string | null;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

class Bench {
  tally = new Tally();
  readonly good: GoodClient[] = [];

  constructor(
    readonly server: Child,
    readonly target: Target,
  ) {}

  async connect(): Promise<void> {
    const tally = () => this.tally;
    for (let i = 0; i < CLIENTS; i++) {
      this.good.push(await goodBookovia(this.target, tally));
      this.good.push(await goodSocketIo(this.target, tally));
    }
  }

  /** Waits `seconds` with the load running, or until `done()`. */
  async wait(seconds: number, done: () => boolean = () => false): Promise<number> {
    const t0 = Date.now();
    while ((Date.now() - t0) / 1000 < seconds && !done()) await sleep(100);
    return (Date.now() - t0) / 1000;
  }

  async round(kind: Kind): Promise<Round> {
    this.tally = new Tally();
    const rssBefore = await this.server.call<number>('rss');
    const cpu0 = procCpuSeconds(this.server.pid);
    const watch = watchLoad();
    const droppedBefore = this.good.filter((c) => c.dropped).length;
    const ids: Array<Promise<string>> = [];
    const raising = setInterval(
      () => ids.push(this.server.call<string>('raise')),
      1000 / ALERT_RATE,
    );

    const bad: Round['bad'] = {};
    const seconds =
      kind === 'slow'
        ? await this.slowRound(bad)
        : kind === 'flood'
          ? await this.floodRound(bad)
          : await this.wait(SECONDS);

    clearInterval(raising);
    const raised = await Promise.all(ids);
    const settled = Date.now() + SETTLE_MS;
    const good = this.good;
    const complete = () => good.every((c) => raised.every((id) => c.alerts.has(id)));
    while (!complete() && Date.now() < settled) await sleep(100);
    const got = good.reduce(
      (n, c) => n + raised.filter((id) => c.alerts.has(id)).length,
      0,
    );
    const loads = [watch.stop()];
    return {
      kind,
      seconds,
      tally: this.tally,
      raised: raised.length,
      delivered: got / Math.max(1, raised.length * good.length),
      dropped: good.filter((c) => c.dropped).length - droppedBefore,
      bad,
      rssBefore,
      rssAfter: await this.server.call<number>('rss'),
      serverCpu: (procCpuSeconds(this.server.pid) - cpu0) / seconds,
      loads,
      invalid: generatorVerdict(loads),
    };
  }

  /**
   * Until both slow consumers are cut (at least SECONDS, at most
   * SLOW_MAX_SECONDS). The server drops a cut socket a second after its
   * goodbye, so each reads again as soon as the server warns of the cut
   * (or, for any other ending, /metrics counts it gone) to see why.
   */
  private async slowRound(bad: Round['bad']) {
    const slow = [
      await SlowConsumer.open('bookovia', this.target),
      await SlowConsumer.open('sio', this.target),
    ];
    const t0 = Date.now();
    const gone: Partial<Record<Transport, { at: number; warned: boolean }>> = {};
    const cut = (t: Transport, warned: boolean) => {
      const g = (gone[t] ??= { at: Date.now(), warned });
      g.warned ||= warned;
      slow.find((s) => s.transport === t)?.resume();
    };
    const watching = setInterval(() => {
      void this.server.call<Cut[]>('cuts').then((cuts) => {
        for (const c of cuts) if (c.msg === 'slow consumer cut') cut(c.transport, true);
      });
      void connectionCounts(this.target.url).then((open) => {
        for (const s of slow) if (open[s.transport] <= CLIENTS) cut(s.transport, false);
      });
    }, 100);
    const seconds = await this.wait(SLOW_MAX_SECONDS, () => {
      const elapsed = (Date.now() - t0) / 1000;
      return elapsed >= SECONDS && slow.every((s) => s.reading);
    });
    clearInterval(watching);
    for (const s of slow) {
      const ending = await s.ending(s.reading ? 5000 : 1000);
      const g = gone[s.transport];
      bad[s.transport] = g
        ? `${ending ?? 'open'} after ${fmt((g.at - t0) / 1000)} s; ` +
          (g.warned ? 'server: slow consumer cut' : 'no slow-consumer warning')
        : `not cut in ${fmt(seconds)} s`;
      s.close();
    }
    return seconds;
  }

  private async floodRound(bad: Round['bad']) {
    const flooders = [
      new Flooder('bookovia', this.target, FLOOD_RATE),
      new Flooder('sio', this.target, FLOOD_RATE),
    ];
    const seconds = await this.wait(SECONDS);
    for (const f of flooders) {
      f.stop();
      bad[f.transport] =
        `${f.connections} connections, ${f.cuts.length} cut: ${summary(f.cuts)}`;
    }
    return seconds;
  }

  close(): void {
    for (const c of this.good) c.close();
  }
}

/** "12× close 1008 rate limit" for each distinct ending. */
function summary(cuts: readonly string[]): string {
  const counts = new Map<string, number>();
  for (const c of cuts) counts.set(c, (counts.get(c) ?? 0) + 1);
  return [...counts].map(([c, n]) => `${n}× ${c}`).join('; ') || 'none';
}

async function main(): Promise<void> {
  const started = new Date();
  const [load1, load5] = os.loadavg();
  const server = spawnChild('../fairness-server.ts', ['--expose-gc']);
  const { url } = await server.call<{ url: string }>('start', SERVER_ENV);
  const target: Target = { url, apiKey: BENCH_KEY, fleetId: fleetName(0) };
  const bench = new Bench(server, target);
  const rounds: Round[] = [];
  const rssStart = await server.call<number>('rss');
  let ingest: IngestLoad | undefined;
  let posted: IngestCount | undefined;
  try {
    await bench.connect();
    ingest = new IngestLoad(target, VEHICLES);
    await sleep(WARM_MS);
    const plan: Kind[] = ['baseline', 'slow', 'baseline', 'flood'];
    for (let cycle = 0; cycle < ROUNDS; cycle++) {
      for (const kind of plan) {
        const r = await bench.round(kind);
        rounds.push(r);
        console.error(roundRow(r, rounds.length - 1).join(' | '));
      }
    }
  } finally {
    posted = await ingest?.stop();
    bench.close();
  }
  const rssEnd = await server.call<number>('rss');
  await server.call('close').catch(() => {});
  await server.kill();

  const [end1] = os.loadavg();
  const lines = [
    `# Fairness benchmark, ${started.toISOString().slice(0, 16)}Z`,
    '',
    `${os.cpus().length} × ${os.cpus()[0]?.model ?? 'unknown CPU'}, Node ${process.version}, ` +
      `load average ${load1?.toFixed(2)} / ${load5?.toFixed(2)} (1 / 5 min) at the start, ` +
      `${end1?.toFixed(2)} at the end.`,
    `${VEHICLES} vehicles at 1 Hz through HTTP ingest, ${ALERT_RATE} high alerts/s, ` +
      `${CLIENTS} Bookovia + ${CLIENTS} Socket.IO good clients, one fleet; ` +
      `rounds of ${SECONDS} s (a slow round until both slow consumers are cut); ` +
      `flooders send ${FLOOD_RATE}/s (10× RATE_LIMIT_PER_S). Server defaults but ` +
      `MAX_CONNECTIONS_PER_KEY=${SERVER_ENV.MAX_CONNECTIONS_PER_KEY}.`,
    '',
    ...table(ROUND_HEAD, rounds.map(roundRow)),
    '',
    ...verdict(rounds),
    '',
    `Server RSS ${mib(rssStart)} before the clients connected, ${mib(rssEnd)} at the end. ` +
      `Ingest: ${fmt(posted?.sent ?? 0)} fixes posted, ${fmt(posted?.accepted ?? 0)} ` +
      `accepted, ${fmt(posted?.refused ?? 0)} refused or failed.`,
  ];
  console.log(lines.join('\n'));
  if (RESULTS_DIR) {
    fs.mkdirSync(RESULTS_DIR, { recursive: true });
    const file = path.join(
      RESULTS_DIR,
      `fairness-${started.toISOString().slice(0, 10)}.md`,
    );
    fs.writeFileSync(file, lines.join('\n') + '\n');
    console.log(`\nWritten to ${file}`);
  }
}

const mib = (bytes: number) => `${fmt(bytes / 2 ** 20)} MiB`;
const pct = (x: number) => `${fmt(100 * x, 2)} %`;
const p = (h: LatencyHistogram) =>
  `${fmtMs(h.quantile(0.5))} / ${fmtMs(h.quantile(0.99))}`;

const ROUND_HEAD = [
  '#',
  'round',
  's',
  'Bookovia p50/p99 ms',
  'Socket.IO p50/p99 ms',
  'alert p50/p99 ms',
  'alerts delivered',
  'good dropped',
  'bad Bookovia',
  'bad Socket.IO',
  'server CPU',
  'server RSS',
  'generator CPU / lag p99',
  'valid',
];

function roundRow(r: Round, i: number): string[] {
  const worst = worstLoad(r.loads);
  return [
    String(i + 1),
    r.kind,
    fmt(r.seconds),
    p(r.tally.positions.bookovia),
    p(r.tally.positions.sio),
    p(r.tally.alerts),
    `${pct(r.delivered)} of ${r.raised}`,
    String(r.dropped),
    r.bad.bookovia ?? '–',
    r.bad.sio ?? '–',
    `${fmt(100 * r.serverCpu)} %`,
    `${mib(r.rssBefore)} → ${mib(r.rssAfter)}`,
    `${fmt(100 * worst.cpu)} % / ${fmt(worst.lagP99Ms)} ms`,
    r.invalid ? `INVALID (${r.invalid})` : 'yes',
  ];
}

/** Each kind's rounds merged, against the baselines merged. */
function verdict(rounds: readonly Round[]): string[] {
  const merged = (kind: Kind, pick: (t: Tally) => LatencyHistogram) => {
    const h = new LatencyHistogram();
    for (const r of rounds) if (r.kind === kind) h.merge(pick(r.tally));
    return h;
  };
  const picks: Array<[string, (t: Tally) => LatencyHistogram]> = [
    ['Bookovia positions', (t) => t.positions.bookovia],
    ['Socket.IO positions', (t) => t.positions.sio],
    ['alerts', (t) => t.alerts],
  ];
  const rows: string[][] = [];
  let worst = 0;
  for (const kind of ['slow', 'flood'] as const) {
    for (const [name, pick] of picks) {
      const base = merged('baseline', pick);
      const bad = merged(kind, pick);
      const ratio = (q: number) => bad.quantile(q) / Math.max(1, base.quantile(q));
      worst = Math.max(worst, ratio(0.5), ratio(0.99));
      rows.push([
        kind,
        name,
        p(base),
        p(bad),
        `${fmt(ratio(0.5), 2)} / ${fmt(ratio(0.99), 2)}`,
      ]);
    }
  }
  const delivered = Math.min(...rounds.map((r) => r.delivered));
  const noise = baselineSpread(rounds, picks);
  const invalid = rounds.filter((r) => r.invalid).length;
  const met = worst <= GOAL_RATIO;
  return [
    ...table(
      ['with', 'what', 'baseline p50/p99 ms', 'with p50/p99 ms', 'ratio p50 / p99'],
      rows,
    ),
    '',
    `- Latency within 10 % of the baseline: **${met ? 'met' : 'MISSED'}** — worst ratio ` +
      `${fmt(worst, 2)}${met ? '' : ` (${fmt(100 * (worst - 1))} % over the baseline)`}.`,
    `- The noise floor: baseline rounds differ among themselves by up to ` +
      `${fmt(noise, 2)}× (worst max / min of a p50 or p99); a ratio within it is no effect.`,
    `- Every alert to every good client: **${delivered >= 1 ? 'met' : 'MISSED'}** — ` +
      `worst round ${pct(delivered)}; good clients dropped: ` +
      `${rounds.reduce((n, r) => n + r.dropped, 0)}.`,
    `- Rounds INVALID (the generator was the bottleneck): ${invalid} of ${rounds.length}.`,
  ];
}

/**
 * How far the baseline rounds' p50 and p99 stray from each other: on a
 * shared machine this, not the goal, is the smallest effect a ratio can show.
 */
function baselineSpread(
  rounds: readonly Round[],
  picks: ReadonlyArray<[string, (t: Tally) => LatencyHistogram]>,
): number {
  const base = rounds.filter((r) => r.kind === 'baseline');
  let spread = 1;
  for (const [, pick] of picks) {
    for (const q of [0.5, 0.99]) {
      const xs = base.map((r) => Math.max(1, pick(r.tally).quantile(q)));
      const finite = xs.filter((x) => Number.isFinite(x));
      if (finite.length > 1)
        spread = Math.max(spread, Math.max(...finite) / Math.min(...finite));
    }
  }
  return spread;
}

await main();
