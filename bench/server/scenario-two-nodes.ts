import { randomBytes } from 'node:crypto';
import { createClient } from 'redis';
import { clusterKeys } from '../../server/cluster/keys';
import { loadConfig } from '../../server/config';
import { startOwnRedis } from '../../test/support/cluster';
import { createTestDatabase, dropTestDatabase } from '../../test/support/database';
import { Dashboards, startTarget, type Target } from './cluster';
import { scaled, type BenchEnv } from './env';
import { fleetName } from './fanout';
import { fmt, goal, goalLines, table, type Section } from './report';
import { spawnChild, type Child } from './rpc';
import { step, STEP_HEAD, stepRow, type Step } from './scenario-pipeline';

const FLEETS = 100;
const RATE = 10_000;
/** What a node counts for each message it reads from a fleet's stream. */
const READ_METRIC = 'fleetlight_cluster_stream_messages_total';
/** Messages node A dropped because its queue for Redis was full. */
const DROPPED_METRIC = 'fleetlight_cluster_outbox_dropped_total';

/**
 * Whether this server scales out over Redis: its configuration keeps a
 * REDIS_URL (an unknown variable is dropped by the schema).
 */
export function hasRedisScaleOut(): boolean {
  const config = loadConfig({ DEMO: 'off', REDIS_URL: 'redis://127.0.0.1:1' });
  return Object.entries(config).some(([k, v]) => /redis/i.test(k) && v !== undefined);
}

/** One counter of a node's /metrics; 0 before it first counts. */
async function metric(node: Target, name: string): Promise<number> {
  const text = await (await fetch(`${node.url}/metrics`)).text();
  const line = text.split('\n').find((l) => l.startsWith(`${name} `));
  return line === undefined ? 0 : Number(line.split(' ')[1]);
}

/** What both nodes read, and how many messages the viewed fleets published. */
interface Reads {
  readByA: number;
  readByB: number;
  publishedViewed: number;
  droppedByA: number;
}

/**
 * Each fleet's `seq` key counts the messages published for it (the
 * publish script INCRs it), so the viewed fleets' sum is what node B
 * may read; whatever B reads beyond it came from fleets nobody views
 * there. Node A has no viewer at all: all it reads is for such fleets.
 */
async function reads(
  redisUrl: string,
  prefix: string,
  viewed: number,
  a: Target,
  b: Target,
): Promise<Reads> {
  const client = createClient({ url: redisUrl });
  await client.connect();
  try {
    const keys = clusterKeys(prefix);
    const seqs = await Promise.all(
      Array.from({ length: viewed }, (_, i) => client.get(keys.seq(fleetName(i)))),
    );
    return {
      readByA: await metric(a, READ_METRIC),
      readByB: await metric(b, READ_METRIC),
      publishedViewed: seqs.reduce((sum, v) => sum + Number(v ?? 0), 0),
      droppedByA: await metric(a, DROPPED_METRIC),
    };
  } finally {
    client.destroy();
  }
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
  // Redis and the database are our own: nothing shared is written or flushed.
  const redis = await startOwnRedis();
  const databaseUrl = await createTestDatabase();
  const prefix = `flbench-${randomBytes(4).toString('hex')}:`;
  const nodes: Target[] = [];
  let generator: Child | undefined;
  const dashboards = Dashboards.spawn(2);
  let s: Step;
  let before: Reads;
  let after: Reads;
  try {
    const env2 = {
      ...env.serverEnv,
      REDIS_URL: redis.url,
      REDIS_KEY_PREFIX: prefix,
      DATABASE_URL: databaseUrl,
    };
    // One after the other: the first registers the fleets and key in the database.
    nodes.push(await startTarget({ kind: 'pipeline', fleets, port: 0, env: env2 }));
    nodes.push(await startTarget({ kind: 'pipeline', fleets, port: 0, env: env2 }));
    const [a, b] = nodes as [Target, Target];
    generator = spawnChild('./ingest-gen.ts');
    const viewers = Array.from({ length: viewed * 10 }, (_, j) => fleetName(j % viewed));
    await dashboards.connect({ protocol: 'sio', url: b.url }, viewers);
    before = await reads(redis.url, prefix, viewed, a, b);
    s = await step(
      env,
      scaled(RATE, env.scale, fleets),
      fleets,
      a,
      generator,
      dashboards,
      (10 * viewed) / fleets,
    );
    after = await reads(redis.url, prefix, viewed, a, b);
  } finally {
    await dashboards.close();
    await generator?.kill();
    for (const n of nodes) await n.close();
    await redis.stop();
    await dropTestDatabase(databaseUrl);
  }
  const readByA = after.readByA - before.readByA;
  const readByB = after.readByB - before.readByB;
  const published = after.publishedViewed - before.publishedViewed;
  const dropped = after.droppedByA - before.droppedByA;
  const unviewed = readByA + Math.max(0, readByB - published);
  const goals = [
    goal('cross-node p99 ≤ 250 ms', s.p99 <= 250, `${fmt(s.p99)} ms`),
    goal('no duplicates', s.duplicates === 0, `${fmt(s.duplicates)}`),
    goal(
      'no message read for a fleet without a viewer on the node',
      unviewed === 0,
      `${fmt(unviewed)}`,
    ),
  ];
  return {
    title: 'Two nodes (REDIS_URL)',
    lines: [
      `Ingest into node A, ${viewers(viewed)} on node B for ${viewed} of ${fleets} fleets;` +
        ' Redis and a PostgreSQL database of their own.',
      '',
      ...table(STEP_HEAD, [stepRow(s)]),
      '',
      `Messages read from the fleet streams (${READ_METRIC}): node A ${fmt(readByA)},` +
        ` node B ${fmt(readByB)}; published for B's viewed fleets ${fmt(published)};` +
        ` dropped by node A's full queue for Redis (${DROPPED_METRIC}) ${fmt(dropped)}.`,
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
