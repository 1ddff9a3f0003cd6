import WebSocket from 'ws';
import { afterEach, describe, expect, it } from 'vitest';
import {
  FleetClient,
  memoryStorage,
  type CachedInfo,
  type Delivery,
} from '../../lib/client';
import {
  QUIET_FLEET,
  QUIET_KEY,
  raiseAlert,
  startQuietServer,
} from '../support/quiet-fleet';
import type { TestServer } from '../support/server';
import { TcpProxy } from '../support/tcp-proxy';

let server: TestServer | undefined;
let proxy: TcpProxy | undefined;
let clients: FleetClient[] = [];

afterEach(async () => {
  for (const c of clients) c.close();
  clients = [];
  await proxy?.close();
  await server?.close();
  proxy = undefined;
  server = undefined;
});

/** Resolves once `done` holds, failing loudly after a deadline. */
async function until(done: () => boolean, what: string, timeoutMs = 15_000) {
  const deadline = Date.now() + timeoutMs;
  while (!done()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe('the client SDK where WebSockets are refused', () => {
  it('gets every alert once and in order over polling, then moves back to the socket', async () => {
    server = await startQuietServer();
    const s = server;
    // The socket goes through a proxy that refuses it; polls go straight.
    proxy = await TcpProxy.start(Number(new URL(s.base).port));
    proxy.refuse();
    const c = new FleetClient({
      url: `ws://127.0.0.1:${proxy.port}/v1/streaming/websocket`,
      apiKey: QUIET_KEY,
      fleetId: QUIET_FLEET,
      WebSocket,
      wake: null,
      reconnect: { initialMs: 20, maxMs: 100 },
      longPoll: { url: `${s.base}/v1/streaming/poll`, upgradeMs: 200, waitMs: 1000 },
    });
    clients.push(c);
    const got: Array<{ id: string; delivery: Delivery }> = [];
    c.subscribe('alerts', (m, delivery) =>
      got.push({ id: m.payload.alert_id, delivery }),
    );
    const transports = new Set<string>();
    c.on('state', (state) => {
      if (state === 'live') transports.add(c.transport);
    });
    c.connect();
    await until(() => c.state === 'live', 'polling to be live');
    expect(c.transport).toBe('long-poll');

    const raised: string[] = [];
    let n = 0;
    for (; n < 8; n++) raised.push(await raiseAlert(s, n));
    await until(() => got.length >= raised.length, 'the alerts over polling');
    const polled = got.length;

    proxy.refuse(false);
    let flowing = true;
    const flow = (async () => {
      while (flowing) {
        raised.push(await raiseAlert(s, ++n));
        await new Promise((r) => setTimeout(r, 20));
      }
    })();
    await until(() => c.transport === 'websocket' && c.state === 'live', 'the upgrade');
    raised.push(await raiseAlert(s, ++n));
    flowing = false;
    await flow;
    await until(() => got.length >= raised.length, 'every alert');

    expect(polled).toBe(8);
    expect(got.map((a) => a.id)).toEqual(raised);
    expect([...transports]).toEqual(['long-poll', 'websocket']);
    expect(proxy.accepted).toBeGreaterThan(0);
  });
});

describe('the client SDK reloaded offline', () => {
  it('hands over the open alerts an earlier client saw, marked stale', async () => {
    server = await startQuietServer();
    proxy = await TcpProxy.start(Number(new URL(server.base).port));
    const storage = memoryStorage();
    const make = () => {
      const c = new FleetClient({
        url: `ws://127.0.0.1:${proxy?.port}/v1/streaming/websocket`,
        apiKey: QUIET_KEY,
        fleetId: QUIET_FLEET,
        WebSocket,
        transport: 'websocket',
        wake: null,
        cache: { storage },
      });
      clients.push(c);
      return c;
    };
    const earlier = make();
    const seen: string[] = [];
    earlier.subscribe('alerts', (m) => seen.push(m.payload.alert_id));
    earlier.connect();
    await until(() => earlier.state === 'live', 'the first client');
    const raised = await raiseAlert(server, 1);
    await until(() => seen.length === 1, 'the alert');
    earlier.close();

    proxy.refuse();
    const later = make();
    const cached: CachedInfo[] = [];
    later.on('cached', (info) => cached.push(info));
    later.connect();

    expect(cached.map((c) => [c.alerts.map((a) => a.payload.alert_id), c.stale])).toEqual(
      [[[raised], true]],
    );
    expect(later.state).toBe('connecting');
  });
});
