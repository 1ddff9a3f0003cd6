import WebSocket from 'ws';
import { afterEach, describe, expect, it } from 'vitest';
import {
  FleetClient,
  type ConnectionState,
  type Delivery,
  type FleetClientOptions,
  type ResetInfo,
} from '../../lib/client';
import {
  QUIET_FLEET,
  QUIET_KEY,
  raiseAlert,
  startQuietServer,
} from '../support/quiet-fleet';
import type { TestServer } from '../support/server';
import { TcpProxy } from '../support/tcp-proxy';

const servers: TestServer[] = [];
const proxies: TcpProxy[] = [];
const clients: FleetClient[] = [];

afterEach(async () => {
  for (const c of clients.splice(0)) c.close();
  for (const p of proxies.splice(0)) await p.close();
  for (const s of servers.splice(0)) await s.close();
});

async function setUp(env: Record<string, string> = {}) {
  const server = await startQuietServer(env);
  servers.push(server);
  const proxy = await TcpProxy.start(Number(new URL(server.base).port));
  proxies.push(proxy);
  return { server, proxy };
}

interface Watched {
  client: FleetClient;
  alerts: Array<{ id: string; delivery: Delivery }>;
  resets: ResetInfo[];
  states: ConnectionState[];
}

function watch(proxy: TcpProxy, opts: Partial<FleetClientOptions> = {}): Watched {
  const client = new FleetClient({
    url: `ws://127.0.0.1:${proxy.port}/v1/streaming/websocket`,
    apiKey: QUIET_KEY,
    fleetId: QUIET_FLEET,
    WebSocket,
    // What these tests follow is the socket: with quick retries, a restart
    // would otherwise pass the fallback's threshold and move the stream to
    // long polling, which client-fallback.test.ts covers.
    transport: 'websocket',
    wake: null,
    reconnect: { initialMs: 20, maxMs: 100 },
    ...opts,
  });
  clients.push(client);
  const w: Watched = { client, alerts: [], resets: [], states: [] };
  client.subscribe('alerts', (m, delivery) => {
    w.alerts.push({ id: m.payload.alert_id, delivery });
  });
  client.on('reset', (r) => w.resets.push(r));
  client.on('state', (s) => w.states.push(s));
  client.connect();
  return w;
}

/** Resolves once `done` holds, failing loudly after a deadline. */
async function until(done: () => boolean, what: string, timeoutMs = 10_000) {
  const deadline = Date.now() + timeoutMs;
  while (!done()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

const live = (w: Watched) => () => w.client.state === 'live';
const drops = (w: Watched) => w.states.filter((s) => s === 'reconnecting').length;

describe.each(['message', 'query'] as const)('the client SDK (%s auth)', (auth) => {
  it('gets every alert exactly once, in order, while the network drops', async () => {
    const { server, proxy } = await setUp();
    const w = watch(proxy, { auth });
    await until(live(w), 'the first connection');

    const raised: string[] = [];
    let n = 0;
    const raise = async () => raised.push(await raiseAlert(server, ++n));
    let flowing = true;
    const flow = (async () => {
      while (flowing) {
        await raise();
        await new Promise((r) => setTimeout(r, 5));
      }
    })();
    for (let cut = 0; cut < 5; cut++) {
      await until(live(w), `reconnect ${cut}`);
      // Alerts the server sends into a link that no longer carries them.
      proxy.stall();
      await raise();
      await raise();
      proxy.cut();
      // A reconnect can be over before a poll would see it: count them.
      await until(() => drops(w) > cut, `the client to see cut ${cut}`);
    }
    await until(live(w), 'the last reconnect');
    flowing = false;
    await flow;
    await until(() => w.alerts.length >= raised.length, 'all alerts');

    expect(w.alerts.map((a) => a.id)).toEqual(raised);
    expect(w.alerts.filter((a) => a.delivery.replayed).length).toBeGreaterThanOrEqual(10);
    expect(w.resets.map((r) => r.reason)).toEqual(['fresh']);
    expect(proxy.accepted).toBe(6);
  });
});

describe('the client SDK on a dead link', () => {
  it('notices by heartbeat, reconnects, and misses nothing', async () => {
    const { server, proxy } = await setUp();
    const w = watch(proxy, { heartbeat: { intervalMs: 200, timeoutMs: 1000 } });
    await until(live(w), 'the first connection');

    const first = await raiseAlert(server, 1);
    await until(() => w.alerts.length === 1, 'the first alert');
    proxy.stall();
    const during = [await raiseAlert(server, 2), await raiseAlert(server, 3)];
    await until(() => w.alerts.length === 3, 'the alerts raised while stalled');

    expect(w.alerts.map((a) => a.id)).toEqual([first, ...during]);
    expect(w.states).toContain('reconnecting');
    expect(proxy.accepted).toBe(2);
  });
});

describe('the client SDK across a server restart', () => {
  it('is told offsets began again and gets the open alerts from the database', async () => {
    const { server, proxy } = await setUp();
    const w = watch(proxy);
    await until(live(w), 'the first connection');
    const before = await raiseAlert(server, 1);
    await until(() => w.alerts.length === 1, 'the first alert');

    await server.close({ keepData: true });
    servers.splice(servers.indexOf(server), 1);
    const again = await startQuietServer({ DATA_DIR: server.dataDir });
    servers.push(again);
    proxy.retarget(Number(new URL(again.base).port));
    await until(() => w.resets.length === 2, 'the reset');
    const after = await raiseAlert(again, 2);
    await until(() => w.alerts.length === 3, 'the alert after the restart');

    expect(w.resets[1]?.reason).toBe('epoch_changed');
    expect(w.resets[1]?.alerts.map((a) => a.payload.alert_id)).toEqual([before]);
    expect(w.alerts.map((a) => [a.id, a.delivery.snapshot])).toEqual([
      [before, false],
      [before, true],
      [after, false],
    ]);
  });
});
