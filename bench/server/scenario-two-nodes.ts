import { spawn } from 'node:child_process';
import net from 'node:net';
import { loadConfig } from '../../server/config';
import { Dashboards, startTarget, type Target } from './cluster';
import { scaled, type BenchEnv } from './env';
import { fleetName } from './fanout';
import { fmt, goal, goalLines, table, type Section } from './report';
import { spawnChild, type Child } from './rpc';
import { step, STEP_HEAD, stepRow, type Step } from './scenario-pipeline';

const FLEETS = 100;
const RATE = 10_000;

/**
 * Whether this server scales out over Redis: its configuration keeps a
 * REDIS_URL (an unknown variable is dropped by the schema).
 */
export function hasRedisScaleOut(): boolean {
  const config = loadConfig({ DEMO: 'off', REDIS_URL: 'redis://127.0.0.1:1' });
  return Object.entries(config).some(([k, v]) => /redis/i.test(k) && v !== undefined);
}

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((r) => server.close(r));
  return port;
}

/** A Redis of our own, so nothing is written to the machine's shared one. */
async function startRedis(): Promise<{ url: string; stop(): void }> {
  const port = await freePort();
  const args = [
    '--port',
    String(port),
    '--bind',
    '127.0.0.1',
    '--save',
    '',
    '--appendonly',
    'no',
  ];
  const proc = spawn('redis-server', args, { stdio: 'ignore' });
  for (let i = 0; i < 50; i++) {
    const up = await new Promise<boolean>((resolve) => {
      const s = net.connect(port, '127.0.0.1', () => {
        resolve(true);
        s.end();
      });
      s.on('error', () => resolve(false));
    });
    if (up) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  return { url: `redis://127.0.0.1:${port}`, stop: () => proc.kill('SIGTERM') };
}

const notAvailable = (why: string): Section => ({
  title: 'Two nodes (REDIS_URL)',
  lines: [`Not available: ${why}.`],
  goals: [goal('cross-node p99 ≤ 250 ms, no duplicates', null, why)],
  checks: [],
  invalid: [],
});

/**
 * Node A takes the ingest of every fleet; dashboards read half the fleets
 * from node B, so B has no viewer of the other half.
 */
export async function twoNodes(env: BenchEnv): Promise<Section> {
  if (!hasRedisScaleOut()) return notAvailable('this server has no REDIS_URL setting');
  const fleets = scaled(FLEETS, env.scale, 2);
  const viewed = Math.floor(fleets / 2);
  const redis = await startRedis();
  const nodes: Target[] = [];
  let generator: Child | undefined;
  const dashboards = Dashboards.spawn(2);
  let s: Step;
  try {
    const env2 = { REDIS_URL: redis.url };
    nodes.push(await startTarget({ kind: 'pipeline', fleets, port: 0, env: env2 }));
    nodes.push(await startTarget({ kind: 'pipeline', fleets, port: 0, env: env2 }));
    const [a, b] = nodes as [Target, Target];
    generator = spawnChild('./ingest-gen.ts');
    const viewers = Array.from({ length: viewed * 10 }, (_, j) => fleetName(j % viewed));
    await dashboards.connect({ protocol: 'sio', url: b.url }, viewers);
    s = await step(
      env,
      scaled(RATE, env.scale, fleets),
      fleets,
      a,
      generator,
      dashboards,
      (10 * viewed) / fleets,
    );
  } finally {
    await dashboards.close();
    await generator?.kill();
    for (const n of nodes) await n.close();
    redis.stop();
  }
  const goals = [
    goal('cross-node p99 ≤ 250 ms', s.p99 <= 250, `${fmt(s.p99)} ms`),
    goal('no duplicates', s.duplicates === 0, `${fmt(s.duplicates)}`),
    goal(
      'no adapter message for a fleet without a viewer on the node',
      null,
      'needs a count in the server of what its adapter receives per fleet',
    ),
  ];
  return {
    title: 'Two nodes (REDIS_URL)',
    lines: [
      `Ingest into node A, ${viewers(viewed)} on node B for ${viewed} of ${fleets} fleets.`,
      '',
      ...table(STEP_HEAD, [stepRow(s)]),
      '',
      ...goalLines(goals),
    ],
    goals,
    checks: [
      {
        run: 'cross-node',
        expected: s.owed,
        delivered: s.delivered,
        duplicates: s.duplicates,
      },
    ],
    invalid: s.invalid ? [s.invalid] : [],
  };
}

const viewers = (fleets: number) => `${fleets * 10} dashboards`;
