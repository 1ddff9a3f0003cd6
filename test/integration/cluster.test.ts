import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createClient } from 'redis';
import { io, type Socket } from 'socket.io-client';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { FleetClient } from '../../lib/client';
import { SocketPosition } from '../../lib/client/socket-position';
import type {
  AlertRuleList,
  ClientToServerEvents,
  FleetSnapshot,
  LocationUpdate,
  PollAnswer,
  SafetyAlert,
  ServerToClientEvents,
} from '../../lib/protocol';
import {
  dropPrefix,
  freshPrefix,
  redisAnswers,
  SHARED_REDIS,
  startNode,
  startOwnRedis,
  type ClusterNode,
  type OwnRedis,
} from '../support/cluster';
import {
  createTestDatabase,
  dropTestDatabase,
  postgresReachable,
} from '../support/database';
import { QUIET_FLEET, QUIET_KEY } from '../support/quiet-fleet';
import { postJson } from '../support/sources';
import { TcpProxy } from '../support/tcp-proxy';
import { TestSocket } from '../support/ws-client';

type Client = Socket<ServerToClientEvents, ClientToServerEvents>;
type WallTokenBody = { wall_token: { token: string; token_id: string } };

const NO_REDIS = 'needs Redis on 127.0.0.1:6379 and the redis-server binary';

/** Outside CI a machine without Redis skips; in CI it must fail. */
let redisHere = false;
beforeAll(async () => {
  redisHere = await redisAnswers(6379);
  if (!redisHere && process.env['CI'] === 'true') {
    throw new Error(
      'CI needs Redis on 127.0.0.1:6379 (and redis-server) for cluster tests',
    );
  }
});

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

/**
 * Two nodes on one fresh PostgreSQL database (as a deployment runs them)
 * and one Redis. Outside CI, a machine without PostgreSQL shares one
 * SQLite data directory between the nodes instead.
 */
async function twoNodes(
  redisUrl = SHARED_REDIS,
  after = cleanups,
): Promise<[ClusterNode, ClusterNode]> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'fleetlight-cluster-'));
  after.push(() => fs.rmSync(dataDir, { recursive: true, force: true }));
  const env: Record<string, string> & { REDIS_URL: string; REDIS_KEY_PREFIX: string } = {
    REDIS_URL: redisUrl,
    REDIS_KEY_PREFIX: freshPrefix(),
    LOCATION_INTERVAL_MS: '0',
  };
  if (process.env['CI'] === 'true' || (await postgresReachable())) {
    const databaseUrl = await createTestDatabase();
    // Pushed before the nodes: cleanups run in reverse, so it drops last.
    after.push(() => dropTestDatabase(databaseUrl));
    env['DATABASE_URL'] = databaseUrl;
  }
  after.push(() => dropPrefix(redisUrl, env.REDIS_KEY_PREFIX));
  const a = await startNode(dataDir, env, true);
  after.push(() => a.stop());
  const b = await startNode(dataDir, env);
  after.push(() => b.stop());
  return [a, b];
}

interface Reader {
  socket: Client;
  snapshots: FleetSnapshot[];
  /** Every alert copy, repeats included, as [alert id, status]. */
  copies: Array<{ id: string; status: string | undefined; seq: number | undefined }>;
  /** New alerts, in the order taken. */
  alerts: string[];
  positions: LocationUpdate[];
  rules: AlertRuleList[];
}

/** A dashboard-like Socket.IO reader that resumes and de-duplicates. */
function read(port: number): Reader {
  const r: Reader = {
    socket: undefined as unknown as Client,
    snapshots: [],
    copies: [],
    alerts: [],
    positions: [],
    rules: [],
  };
  const position = new SocketPosition(QUIET_FLEET, (offset) => {
    r.socket.emit('ack', { offset });
  });
  const socket: Client = io(`http://127.0.0.1:${port}`, {
    auth: (cb) =>
      cb({
        apiKey: QUIET_KEY,
        fleetId: QUIET_FLEET,
        resume: position.resume(),
        // One event per fix, so "exactly once" is checked fix by fix.
        positions: 'json',
      }),
    transports: ['websocket'],
    reconnectionDelay: 20,
    reconnectionDelayMax: 100,
    forceNew: true,
  });
  r.socket = socket;
  cleanups.push(() => void socket.disconnect());
  socket.on('snapshot', (s) => {
    r.snapshots.push(s);
    if (position.snapshot(s)) {
      r.alerts.splice(0);
      for (const a of s.alerts ?? []) r.alerts.push(a.payload.alert_id);
    }
  });
  socket.on('alerts', (m: SafetyAlert) => {
    r.copies.push({ id: m.payload.alert_id, status: m.payload.status, seq: m.seq });
    if (position.admit(m) && m.payload.status === 'active') {
      r.alerts.push(m.payload.alert_id);
    }
  });
  socket.on('alert-rules', (list) => r.rules.push(list));
  socket.on('vehicle_locations', (m) => {
    if (position.admit(m)) r.positions.push(m);
  });
  return r;
}

/** Resolves once `done` holds, failing loudly after a deadline. */
async function until(done: () => boolean, what: string, timeoutMs = 15_000) {
  const deadline = Date.now() + timeoutMs;
  while (!done()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Posts `count` fixes of one vehicle to a node's HTTP ingest. */
async function ingest(node: ClusterNode, vehicleId: string, count: number) {
  const res = await postJson(
    `${node.base}/v1/fleets/${QUIET_FLEET}/ingest-keys`,
    { label: 'gateway' },
    QUIET_KEY,
  );
  const key = ((await res.json()) as { ingest_key: { key: string } }).ingest_key.key;
  const t0 = Math.floor(Date.now() / 1000) * 1000 - 120_000;
  const fixes = Array.from({ length: count }, (_, i) => ({
    vehicle_id: vehicleId,
    timestamp: new Date(t0 + i * 1000).toISOString(),
    lat: 30.27 + i * 0.0001,
    lon: -97.74,
  }));
  const posted = await postJson(`${node.base}/v1/ingest/positions`, { fixes }, key);
  expect(posted.status).toBe(200);
  return fixes.map((f) => f.timestamp);
}

/** Empties a Redis of the test's own (never the shared one). */
async function forget(url: string): Promise<void> {
  if (url === SHARED_REDIS) throw new Error('the shared Redis is never emptied');
  const client = createClient({ url });
  await client.connect();
  await client.flushAll();
  client.destroy();
}

/** One long poll of the quiet fleet's alerts on a node. */
async function poll(node: ClusterNode, query: string): Promise<PollAnswer> {
  const res = await fetch(
    `${node.base}/v1/streaming/poll?fleet_id=${QUIET_FLEET}&channels=alerts${query}`,
    { headers: { Authorization: `Bearer ${QUIET_KEY}` } },
  );
  expect(res.status).toBe(200);
  return (await res.json()) as PollAnswer;
}

describe('two nodes sharing Redis', () => {
  // One pair for the tests that leave both nodes as they found them.
  const shared: Array<() => Promise<void> | void> = [];
  let a: ClusterNode;
  let b: ClusterNode;
  beforeAll(async () => {
    if (redisHere) [a, b] = await twoNodes(SHARED_REDIS, shared);
  });
  afterAll(async () => {
    for (const c of shared.splice(0).reverse()) await c();
  });

  // First: A must not have watched the fleet yet.
  it('delivers what one node ingests to both transports and snapshots on another, once each; a node without viewers reads nothing', async (ctx) => {
    if (!redisHere) return ctx.skip(NO_REDIS);
    const dashboard = read(b.port);
    const wall = await TestSocket.open(
      `ws://127.0.0.1:${b.port}/v1/streaming/websocket/fleet/${QUIET_FLEET}` +
        `?api_key=${QUIET_KEY}&subscriptions=vehicle_locations`,
    );
    cleanups.push(() => wall.ws.close());
    await wall.next((m) => m.type === 'auth_success');
    await until(() => dashboard.snapshots.length === 1, 'the snapshot on B');

    const sent = await ingest(a, 'veh-x', 5);
    await until(() => dashboard.positions.length >= 5, 'the positions on B');
    const onWall = () => wall.messages.filter((m) => m.type === 'location_update');
    await until(() => onWall().length >= 5, 'the positions on the wall');
    await pause(300);

    const times = (list: Array<{ payload: object }>) =>
      list.map((m) => (m.payload as { timestamp?: unknown }).timestamp);
    expect(times(dashboard.positions)).toEqual(sent);
    expect(times(onWall())).toEqual(sent);
    expect(await a.metric('fleetlight_cluster_stream_messages_total')).toBe(0);
    expect(await b.metric('fleetlight_cluster_stream_messages_total')).toBeGreaterThan(0);

    const late = read(b.port);
    await until(() => late.snapshots.length === 1, 'a later snapshot on B');
    const listed = late.snapshots[0]?.vehicles.map((v) => v.payload);
    expect(listed).toMatchObject([{ vehicle_id: 'veh-x', timestamp: sent.at(-1) }]);
  });

  it('shows on one node an alert acknowledged on another', async (ctx) => {
    if (!redisHere) return ctx.skip(NO_REDIS);
    const onA = read(a.port);
    await until(() => onA.snapshots.length === 1, 'the snapshot on A');
    const first = await poll(b, '');

    const id = await a.raise(1);
    await until(() => onA.alerts.includes(id), 'the alert on A');
    const res = await postJson(`${b.base}/v1/alerts/${id}/acknowledge`, {}, QUIET_KEY);
    expect(res.status).toBe(200);
    await until(() => onA.copies.some((c) => c.status === 'acknowledged'), 'the ack');
    const from = first.offsets[QUIET_FLEET] ?? 0;
    const later = await poll(b, `&epoch=${first.epoch}&offset=${from}&wait_ms=0`);

    const copies = onA.copies.filter((c) => c.id === id);
    expect(copies.map((c) => [c.id, c.status])).toEqual([
      [id, 'active'],
      [id, 'acknowledged'],
    ]);
    expect(later.status).toBe('replayed');
    expect(later.epoch).toBe(onA.snapshots[0]?.epoch);
    const polled = later.events.filter(
      (m) => (m.payload as { alert_id?: string }).alert_id === id,
    );
    expect(polled.map((m) => (m.payload as { status?: string }).status)).toEqual([
      'active',
      'acknowledged',
    ]);
    expect(polled.map((m) => m.seq)).toEqual(copies.map((c) => c.seq));
    expect(polled.every((m) => (m.seq ?? 0) > from)).toBe(true);
  });

  it('tells dashboards on every node of an alert rule changed on one', async (ctx) => {
    if (!redisHere) return ctx.skip(NO_REDIS);
    const onA = read(a.port);
    await until(() => onA.snapshots.length === 1, 'the snapshot on A');

    const res = await fetch(`${b.base}/v1/fleets/${QUIET_FLEET}/alert-rules/idling`, {
      method: 'PUT',
      headers: {
        Authorization: `Bearer ${QUIET_KEY}`,
        'Content-Type': 'application/json',
      },
      body: JSON.stringify({ auto_resolve_after_s: 900 }),
    });
    expect(res.status).toBe(200);
    await until(() => onA.rules.length === 1, 'the rules on A');

    const idling = onA.rules[0]?.rules.find((r) => r.category === 'idling');
    expect([onA.rules[0]?.fleet_id, idling?.auto_resolve_after_s]).toEqual([
      QUIET_FLEET,
      900,
    ]);
  });

  it('closes the sockets of a key revoked on another node, on both transports', async (ctx) => {
    if (!redisHere) return ctx.skip(NO_REDIS);
    const created = await postJson(
      `${b.base}/v1/fleets/${QUIET_FLEET}/wall-tokens`,
      { label: 'lobby' },
      QUIET_KEY,
    );
    const { token, token_id } = ((await created.json()) as WallTokenBody).wall_token;
    const socket: Client = io(a.base, {
      auth: { apiKey: token, fleetId: QUIET_FLEET },
      transports: ['websocket'],
      reconnection: false,
      forceNew: true,
    });
    cleanups.push(() => void socket.disconnect());
    let reason = '';
    socket.on('disconnect', (r) => (reason = r));
    const wall = await TestSocket.open(
      `ws://127.0.0.1:${a.port}/v1/streaming/websocket?api_key=${token}` +
        `&fleet_id=${QUIET_FLEET}&subscriptions=alerts`,
    );
    await wall.next((m) => m.type === 'auth_success');
    await until(() => socket.connected, 'the Socket.IO connect on A');

    const res = await fetch(`${b.base}/v1/wall-tokens/${token_id}`, {
      method: 'DELETE',
      headers: { Authorization: `Bearer ${QUIET_KEY}` },
    });
    expect(res.status).toBe(200);
    await until(() => reason !== '', 'the Socket.IO disconnect on A');

    expect(reason).toBe('io server disconnect');
    expect((await wall.closed).code).toBe(4401);
  });
});

describe('nodes that fail', () => {
  it('resumes on another node, nothing lost or repeated, after a node is killed', async (ctx) => {
    if (!redisHere) return ctx.skip(NO_REDIS);
    const [a, b] = await twoNodes();
    const proxy = await TcpProxy.start(a.port);
    cleanups.push(() => proxy.close());
    const r = read(proxy.port);
    const sdk = new FleetClient({
      url: `ws://127.0.0.1:${proxy.port}/v1/streaming/websocket`,
      apiKey: QUIET_KEY,
      fleetId: QUIET_FLEET,
      WebSocket,
      transport: 'websocket',
      wake: null,
      reconnect: { initialMs: 50, maxMs: 200 },
    });
    cleanups.push(() => sdk.close());
    const onWall: string[] = [];
    let wallReady = false;
    sdk.on('state', (s) => (wallReady ||= s === 'live'));
    sdk.subscribe('alerts', (m) => onWall.push(m.payload.alert_id));
    sdk.connect();
    await until(() => r.snapshots.length === 1 && wallReady, 'both clients on A');

    const raised: string[] = [];
    let n = 0;
    const burst = async (ms: number) => {
      const end = Date.now() + ms;
      while (Date.now() < end) {
        raised.push(await b.raise(++n));
        await pause(20);
      }
    };
    await burst(800);
    proxy.retarget(b.port);
    a.child.kill('SIGKILL');
    await burst(800);
    await until(() => r.snapshots.length === 2, 'the reconnect to B');
    await burst(300);
    await until(() => r.alerts.length >= raised.length, 'every alert');
    await until(() => onWall.length >= raised.length, 'every alert on the SDK');
    await pause(200);

    expect(r.alerts).toEqual(raised);
    expect(onWall).toEqual(raised);
    expect(r.snapshots.map((s) => s.resume?.status)).toEqual(['reset', 'replayed']);
    expect(r.snapshots[1]?.epoch).toBe(r.snapshots[0]?.epoch);
  });

  it('loses and doubles no alert while its Redis is paused for 3 s', async (ctx) => {
    if (!redisHere) return ctx.skip(NO_REDIS);
    let redis: OwnRedis;
    try {
      redis = await startOwnRedis();
    } catch (error) {
      if (process.env['CI'] === 'true') throw error;
      return ctx.skip(NO_REDIS);
    }
    cleanups.push(() => redis.stop());
    const [a, b] = await twoNodes(redis.url);
    const readers = [read(a.port), read(b.port)];
    await until(() => readers.every((r) => r.snapshots.length === 1), 'both snapshots');

    const raised: string[] = [];
    let n = 0;
    const burst = async (ms: number) => {
      const end = Date.now() + ms;
      while (Date.now() < end) {
        raised.push(await a.raise(++n));
        await pause(20);
      }
    };
    await burst(300);
    redis.pause();
    const readyz = () => fetch(`${a.base}/readyz`);
    const duringPause = readyz();
    await burst(3000);
    redis.resume();
    await burst(300);
    for (const r of readers) {
      await until(() => r.alerts.length >= raised.length, 'every alert');
    }
    await pause(200);

    const paused = await duringPause;
    expect([paused.status, await paused.json()]).toEqual([
      503,
      { status: 'not_ready', checks: { database: true, redis: false, storage: true } },
    ]);
    expect((await readyz()).status).toBe(200);

    // This Redis is the test's own: emptying it stands for one that lost its data.
    await forget(redis.url);
    expect((await readyz()).status).toBe(503);

    for (const r of readers) {
      expect(r.alerts).toEqual(raised);
      const seqs = new Set(r.copies.map((c) => c.seq));
      expect(seqs.size).toBe(raised.length);
    }
  });
});
