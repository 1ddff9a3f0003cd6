import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Dashboards, spawnTarget, startTarget, type Target } from './cluster';
import { scaled, type BenchEnv } from './env';
import { fleetName } from './fanout';
import { fmt, goal, goalLines, table, type Check, type Section } from './report';
import type { Child } from './rpc';
import type { TargetKind } from './target';

const FULL_CONNECTIONS = 15_000;
const FLEETS = 100;
/** Processes the clients are spread over, 5,000 each at full scale. */
const CLIENT_PROCESSES = 3;
/** Wait after the last connect before reading RSS; the smoke's is shorter. */
const settleMs = (env: BenchEnv) => (env.scale < 1 ? 1000 : 3000);
const STORM_TIMEOUT_MS = 120_000;

interface Result {
  variant: string;
  connections: number;
  live: number;
  rssBefore: number;
  rssAfter: number;
  perConnection: number;
  /** From the drop to every client live again, and from the new server's listen. */
  stormMs: number | null;
  stormFromListenMs: number | null;
  relive: number;
}

async function measure(
  env: BenchEnv,
  variant: string,
  kind: TargetKind,
): Promise<Result> {
  const n = scaled(FULL_CONNECTIONS, env.scale);
  const fleets = scaled(FLEETS, env.scale);
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'fl-bench-conn-'));
  const start = (port: number, ready?: Child) =>
    startTarget({ kind, fleets, port, dataDir, env: env.serverEnv }, ready);
  let target: Target | undefined = await start(0);
  const dashboards = Dashboards.spawn(CLIENT_PROCESSES);
  try {
    const rssBefore = await target.child.call<number>('rss');
    const viewers = Array.from({ length: n }, (_, j) => fleetName(j % fleets));
    const live = await dashboards.connect(
      { protocol: 'sio', url: target.url, reconnect: true },
      viewers,
    );
    await new Promise((r) => setTimeout(r, settleMs(env)));
    const rssAfter = await target.child.call<number>('rss');

    // The storm: the server dies and comes back on its port and data, in
    // a process already loaded, so what is timed is the server's start.
    const replacement = await spawnTarget();
    const back = dashboards.children.map((c) =>
      c.call<number | null>('allLive', { timeoutMs: STORM_TIMEOUT_MS }),
    );
    const port = target.port;
    const dropped = Date.now();
    await target.child.kill();
    target = undefined;
    target = await start(port, replacement);
    const listening = Date.now();
    const times = await Promise.all(back);
    const relive = await dashboards.children.reduce(
      async (sum, c) => (await sum) + (await c.call<number>('live')),
      Promise.resolve(0),
    );
    const last = times.every((t) => t !== null) ? Math.max(...(times as number[])) : null;
    return {
      variant,
      connections: n,
      live,
      rssBefore,
      rssAfter,
      perConnection: (rssAfter - rssBefore) / Math.max(1, live),
      stormMs: last === null ? null : last - dropped,
      stormFromListenMs: last === null ? null : last - listening,
      relive,
    };
  } finally {
    await dashboards.close();
    await target?.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

const kib = (bytes: number) => bytes / 1024;

export async function connections(env: BenchEnv): Promise<Section> {
  const results = [
    await measure(env, 'fleetlight', 'fleetlight'),
    await measure(env, 'bare Socket.IO', 'sio-emit'),
  ];
  const [ours, bare] = results as [Result, Result];
  const ratio = ours.perConnection / bare.perConnection;
  const seconds = (ms: number | null) =>
    ms === null ? 'not all back' : `${fmt(ms / 1000, 1)} s`;
  const goals = [
    goal(
      'server RSS ≤ 50 KiB per connection',
      kib(ours.perConnection) <= 50,
      `${fmt(kib(ours.perConnection), 1)} KiB`,
    ),
    goal('≤ 1.2× bare Socket.IO per connection', ratio <= 1.2, `${fmt(ratio, 2)}×`),
    goal(
      '100 % reconnected ≤ 10 s after a restart',
      ours.stormMs !== null && ours.stormMs <= 10_000,
      `${seconds(ours.stormMs)} from the kill, ${seconds(ours.stormFromListenMs)} from the new listen`,
    ),
  ];
  const checks: Check[] = results.flatMap((r) => [
    {
      run: `${r.variant} connect`,
      expected: r.connections,
      delivered: r.live,
      duplicates: 0,
    },
    {
      run: `${r.variant} reconnect`,
      expected: r.connections,
      delivered: r.relive,
      duplicates: 0,
    },
  ]);
  return {
    title: `Connections: ${fmt(ours.connections)} idle Socket.IO dashboards`,
    lines: [
      'Server RSS after two full GCs, before the clients and 3 s after the last one connected (1 s in the smoke); then the server is killed and started again on its port and data (clients reconnect as socket.io-client does: 1 s doubling to 5 s, ±50 %).',
      '',
      ...table(
        [
          'server',
          'live',
          'RSS before MiB',
          'RSS after MiB',
          'KiB/connection',
          'all back from kill',
          'from listen',
          'back',
        ],
        results.map((r) => [
          r.variant,
          fmt(r.live),
          fmt(r.rssBefore / 2 ** 20, 1),
          fmt(r.rssAfter / 2 ** 20, 1),
          fmt(kib(r.perConnection), 1),
          seconds(r.stormMs),
          seconds(r.stormFromListenMs),
          fmt(r.relive),
        ]),
      ),
      '',
      ...goalLines(goals),
    ],
    goals,
    checks,
    invalid: [],
  };
}
