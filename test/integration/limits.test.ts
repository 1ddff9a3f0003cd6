import { io, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engineAlert } from '../support/alerts';
import { keyOf, startServer, type TestServer } from '../support/server';
import { TestSocket, type Received } from '../support/ws-client';

// Small limits, so a flood is short: 10 at once, then 5 a second; cut
// after 30 refusals; 3 connections per key.
const ENV = {
  RATE_LIMIT_PER_S: '5',
  RATE_LIMIT_BURST: '10',
  RATE_LIMIT_CUT_AFTER: '30',
  MAX_CONNECTIONS_PER_KEY: '3',
};
const FLEET = 'ann-arbor';
const FLOOD = 200;

let server: TestServer;

beforeAll(async () => {
  server = await startServer(ENV);
});

afterAll(async () => {
  await server.close();
});

function bookovia(key: string, query = ''): Promise<TestSocket> {
  const url = `${server.wsBase}/v1/streaming/websocket?api_key=${key}${query}`;
  return TestSocket.open(url);
}

function dashboard(key: string): Socket {
  return io(server.base, {
    auth: { apiKey: key, fleetId: FLEET },
    transports: ['websocket'],
    reconnection: false,
    forceNew: true,
  });
}

function connected(socket: Socket): Promise<void> {
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', reject);
  });
}

function refused(socket: Socket): Promise<{ code?: string }> {
  return new Promise((resolve, reject) => {
    socket.once('connect', () => reject(new Error('the handshake was accepted')));
    socket.once('connect_error', (err: Error & { data?: { code?: string } }) =>
      resolve(err.data ?? {}),
    );
  });
}

/** Publishes `n` alerts and resolves with their ids. */
function publishAlerts(n: number, tag: string): string[] {
  const ids: string[] = [];
  for (let i = 0; i < n; i++) {
    const unsent = engineAlert(FLEET, 'aa-bus-1');
    const alertId = `alert_${tag}-${i}`;
    unsent.payload.alert_id = alertId;
    server.app.hub.publish(FLEET, unsent);
    ids.push(alertId);
  }
  return ids;
}

const isRateLimited = (m: Received) =>
  m.type === 'error' && m.payload.code === 'rate_limited';

describe('limits: a flooding client', () => {
  it('is throttled, then closed 1008 on Bookovia; other clients get every alert', async () => {
    const bystander = await bookovia(
      keyOf(server, FLEET, 'dispatcher'),
      '&subscriptions=alerts',
    );
    await bystander.next((m) => m.type === 'auth_success');
    const flooder = await bookovia(keyOf(server, FLEET, 'admin'));
    await flooder.next((m) => m.type === 'auth_success');

    // The burst is answered; the flood after it is refused, then cut.
    for (let i = 0; i < 10; i++) flooder.send({ type: 'ping', id: `p${i}` });
    const pongs = await flooder.collect((m) => m.type === 'pong', 10);
    for (let i = 0; i < FLOOD; i++) flooder.send({ type: 'ping', id: `f${i}` });
    const closed = await flooder.closed;

    const throttled = flooder.messages.filter(isRateLimited);
    const allPongs = flooder.messages.filter((m) => m.type === 'pong');
    expect(closed).toEqual({ code: 1008, reason: 'rate limit' });
    expect(pongs).toHaveLength(10);
    expect(allPongs.length).toBeLessThan(FLOOD / 2);
    expect(throttled.length).toBeGreaterThan(1);
    expect(throttled[0]?.payload['retry_after_ms']).toBeGreaterThan(0);
    expect(throttled.at(-1)?.payload.message).toMatch(/closing/);

    const ids = publishAlerts(10, 'bookovia');
    const got = await bystander.collect(
      (m) => m.channel === 'alerts' && ids.includes(String(m.payload['alert_id'])),
      ids.length,
    );
    expect(got.map((m) => m.payload['alert_id'])).toEqual(ids);
    bystander.close();
  });

  it('is answered rate_limited, then disconnected on Socket.IO; other clients get every alert', async () => {
    const bystander = dashboard(keyOf(server, FLEET, 'dispatcher'));
    const seen: string[] = [];
    bystander.on('alerts', (m: { payload: { alert_id: string } }) =>
      seen.push(m.payload.alert_id),
    );
    await connected(bystander);
    const flooder = dashboard(keyOf(server, FLEET, 'admin'));
    await connected(flooder);

    const replies: Array<{
      ok: boolean;
      error?: { code: string; retry_after_ms?: number };
    }> = [];
    const errors: Array<{ code: string }> = [];
    flooder.on('error' as never, (body: { code: string }) => void errors.push(body));
    const gone = new Promise<string>((r) => flooder.once('disconnect', r));
    const act = () =>
      new Promise<void>((resolve) => {
        flooder.emit('alert:ack', {}, (reply: (typeof replies)[number]) => {
          replies.push(reply);
          resolve();
        });
      });
    // The burst is handled (and refused for its empty payload); the flood
    // after it is answered rate_limited, then cut.
    await Promise.all(Array.from({ length: 10 }, act));
    const handled = replies.filter((r) => r.error?.code === 'invalid_message');
    for (let i = 0; i < FLOOD; i++) void act();

    expect(await gone).toBe('io server disconnect');
    const limited = replies.filter((r) => r.error?.code === 'rate_limited');
    expect(handled).toHaveLength(10);
    expect(limited.length).toBeGreaterThan(1);
    expect(limited[0]?.error?.retry_after_ms).toBeGreaterThan(0);
    expect(errors.map((e) => e.code)).toEqual(['rate_limited']);

    const ids = publishAlerts(10, 'socketio');
    await new Promise<void>((resolve) => {
      const check = () => (ids.every((id) => seen.includes(id)) ? resolve() : void 0);
      bystander.on('alerts', check);
      check();
    });
    expect(seen.filter((id) => ids.includes(id))).toEqual(ids);
    bystander.disconnect();
  });
});

describe('limits: a burst of acks', () => {
  it('is throttled but never cut, on either transport', async () => {
    const key = keyOf(server, FLEET, 'dispatcher');
    const ws = await bookovia(key);
    await ws.next((m) => m.type === 'auth_success');
    const sio = dashboard(key);
    await connected(sio);
    const errors: Array<{ code: string }> = [];
    sio.on('error' as never, (body: { code: string }) => void errors.push(body));

    for (let i = 0; i < FLOOD; i++) {
      ws.send({ type: 'ack', payload: { offsets: { [FLEET]: i } } });
      sio.emit('ack', { offset: i });
    }
    const limited = await ws.collect(isRateLimited, FLOOD / 2);
    const wait = Number(limited.at(-1)?.payload['retry_after_ms'] ?? 0);
    await new Promise((r) => setTimeout(r, wait + 250));

    ws.send({ type: 'ping', id: 'still-here' });
    expect((await ws.next((m) => m.id === 'still-here')).type).toBe('pong');
    expect(sio.connected).toBe(true);
    expect(errors.length).toBeGreaterThan(0);
    expect(errors.every((e) => e.code === 'rate_limited')).toBe(true);
    ws.close();
    sio.disconnect();
  });
});

describe('limits: subscriptions', () => {
  it('holds each of the eight channels once, however often it is asked for', async () => {
    const ws = await bookovia(keyOf(server, FLEET, 'dispatcher'));
    await ws.next((m) => m.type === 'auth_success');
    const channels = [
      'vehicle_locations',
      'trip_events',
      'alerts',
      'telemetry',
      'fleet_metrics',
      'driver_status',
      'route_progress',
      'maintenance_alerts',
    ];
    ws.send({
      type: 'subscribe',
      id: 's1',
      payload: { channels: [...channels, ...channels] },
    });
    ws.send({ type: 'subscribe', id: 's2', payload: { channels } });

    const ack = await ws.next((m) => m.type === 'subscribed' && m.id === 's2');
    expect(ack.payload['subscriptions']).toHaveLength(8);
    ws.close();
  });
});

describe('limits: connections per key', () => {
  it('refuses the fourth connection of a key on every transport, and frees a slot on close', async () => {
    const key = keyOf(server, FLEET, 'viewer');
    const first = await bookovia(key);
    await first.next((m) => m.type === 'auth_success');
    const second = await bookovia(key);
    await second.next((m) => m.type === 'auth_success');
    const third = dashboard(key);
    await connected(third);

    const fourth = await bookovia(key);
    const refusal = await fourth.next((m) => m.type === 'auth_error');
    expect(refusal.payload.code).toBe('too_many_connections');
    expect(await fourth.closed).toEqual({ code: 4429, reason: 'too_many_connections' });

    const sio = await refused(dashboard(key));
    expect(sio.code).toBe('too_many_connections');

    const poll = await fetch(
      `${server.base}/v1/streaming/poll?fleet_id=${FLEET}&wait_ms=0`,
      {
        headers: { authorization: `Bearer ${key}` },
      },
    );
    expect(poll.status).toBe(429);
    expect(poll.headers.get('retry-after')).toBe('5');
    expect(((await poll.json()) as { error: { code: string } }).error.code).toBe(
      'too_many_connections',
    );

    // Another key is not held back by this one.
    const other = await bookovia(keyOf(server, 'austin-metrorapid', 'viewer'));
    await other.next((m) => m.type === 'auth_success');
    other.close();

    first.close();
    await first.closed;
    const again = await retryUntilAdmitted(key);
    expect(again.messages.some((m) => m.type === 'auth_success')).toBe(true);
    again.close();
    second.close();
    third.disconnect();
  });
});

/**
 * The server frees the slot when it sees the close, a moment after the
 * client does; a few attempts cover that without a timing assertion.
 */
async function retryUntilAdmitted(key: string): Promise<TestSocket> {
  for (let attempt = 0; attempt < 20; attempt++) {
    const ws = await bookovia(key);
    const answer = await ws.next(
      (m) => m.type === 'auth_success' || m.type === 'auth_error',
    );
    if (answer.type === 'auth_success') return ws;
    await ws.closed;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('the slot was never freed');
}
