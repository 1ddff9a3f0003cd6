import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  FleetClient,
  type ConnectionState,
  type Delivery,
  type FleetClientOptions,
  type ResetInfo,
} from '../../../lib/client';
import type { StreamMessage } from '../../../lib/protocol';
import { FakeSocket } from './fake-socket';
import { alert, authSuccess, EPOCH, FLEET, position, replayed, reset } from './messages';

const URL = 'ws://fleet.test/v1/streaming/websocket';

beforeEach(() => {
  vi.useFakeTimers();
  FakeSocket.made = [];
});

afterEach(() => {
  vi.useRealTimers();
});

function client(opts: Partial<FleetClientOptions> = {}): FleetClient {
  return new FleetClient({
    url: URL,
    apiKey: 'key-1',
    fleetId: FLEET,
    WebSocket: FakeSocket,
    transport: 'websocket',
    wake: null,
    random: () => 1,
    ...opts,
  });
}

/** A client subscribed to alerts, recording what reaches the handler. */
function alertsClient(opts: Partial<FleetClientOptions> = {}) {
  const c = client(opts);
  const got: Array<[string, Delivery]> = [];
  c.subscribe('alerts', (m, d) => got.push([m.payload.alert_id, d]));
  return { c, got };
}

/** Opens the newest socket and answers its auth and resume. */
function goLive(answer: unknown = reset('fresh', 0)): FakeSocket {
  const ws = FakeSocket.last();
  ws.open();
  ws.receive(authSuccess(['alerts']));
  ws.receive(answer);
  return ws;
}

const LIVE: Delivery = { replayed: false, snapshot: false };
const REPLAYED: Delivery = { replayed: true, snapshot: false };

describe('FleetClient: connecting', () => {
  it('authenticates with an auth message naming the key, fleet and channels', () => {
    alertsClient().c.connect();
    const ws = FakeSocket.last();
    ws.open();

    expect(ws.url).toBe(URL);
    expect(ws.sent).toEqual([
      {
        type: 'auth',
        id: expect.any(String),
        payload: { api_key: 'key-1', fleet_id: FLEET, subscriptions: ['alerts'] },
      },
    ]);
  });

  it('puts the key, fleet and channels in the query when told to, and sends no auth', () => {
    alertsClient({ auth: 'query' }).c.connect();
    const ws = FakeSocket.last();
    ws.open();

    const q = new globalThis.URL(ws.url).searchParams;
    expect([q.get('api_key'), q.get('fleet_id'), q.get('subscriptions')]).toEqual([
      'key-1',
      FLEET,
      'alerts',
    ]);
    expect(ws.sent).toEqual([]);
  });

  it('resumes with no epoch on a first connect', () => {
    alertsClient().c.connect();
    const ws = FakeSocket.last();
    ws.open();
    ws.receive(authSuccess(['alerts']));

    expect(ws.sentOf('resume').map((m) => m.payload)).toEqual([{ data: { ack: true } }]);
  });

  it('subscribes after auth to channels the auth did not grant', () => {
    const c = client({ auth: 'query' });
    c.subscribe('alerts', () => {});
    c.subscribe('trip_events', () => {});
    c.connect();
    const ws = FakeSocket.last();
    ws.open();
    ws.receive(authSuccess(['alerts']));

    expect(ws.sentOf('subscribe').map((m) => m.payload)).toEqual([
      { action: 'subscribe', data: { channels: ['trip_events'] } },
    ]);
  });

  it('reports its states in order, up to live', () => {
    const { c } = alertsClient();
    const states: ConnectionState[] = [];
    c.on('state', (s) => states.push(s));
    c.connect();
    goLive();

    expect(states).toEqual(['connecting', 'resuming', 'live']);
  });
});

describe('FleetClient: delivery', () => {
  it('holds events until resumed, then delivers them in seq order', () => {
    const { c, got } = alertsClient();
    c.connect();
    const ws = FakeSocket.last();
    ws.open();
    ws.receive(authSuccess(['alerts']));
    ws.receive(alert(3));
    ws.receive(alert(2));

    expect(got).toEqual([]);
    ws.receive(reset('fresh', 1));
    expect(got.map(([id]) => id)).toEqual(['al-2', 'al-3']);
  });

  it('drops an event whose seq it has already handled', () => {
    const { c, got } = alertsClient();
    c.connect();
    const ws = goLive();

    ws.receive(alert(1));
    ws.receive(alert(1));
    ws.receive({ ...alert(1), id: 'another-id' });
    ws.receive(alert(2));

    expect(got).toEqual([
      ['al-1', LIVE],
      ['al-2', LIVE],
    ]);
  });

  it('never lets an older fix replace a newer one', () => {
    const c = client();
    const got: string[] = [];
    c.subscribe('vehicle_locations', (m) => got.push(m.payload.timestamp));
    c.connect();
    const ws = goLive();

    ws.receive(position(1, '2026-03-10T10:05:00.000Z'));
    ws.receive(position(2, '2026-03-10T10:01:00.000Z'));
    ws.receive(position(3, '2026-03-10T10:06:00.000Z'));

    expect(got).toEqual(['2026-03-10T10:05:00.000Z', '2026-03-10T10:06:00.000Z']);
  });

  it('hands the snapshot positions of a resume to the handlers as snapshot', () => {
    const c = client();
    const got: Array<[string, Delivery]> = [];
    c.subscribe('vehicle_locations', (m, d) => got.push([m.payload.vehicle_id, d]));
    c.connect();
    const snapshot = { ...position(0, '2026-03-10T10:05:00.000Z', 'bus-9'), id: 's-1' };

    goLive(replayed(0, 0, [snapshot]));

    expect(got).toEqual([['bus-9', { replayed: false, snapshot: true }]]);
  });

  it('keeps delivering to the other handlers when one throws', () => {
    const c = client();
    const errors: unknown[] = [];
    const got: string[] = [];
    c.on('handlerError', (e) => errors.push(e));
    c.subscribe('alerts', () => {
      throw new Error('boom');
    });
    c.subscribe('alerts', (m) => got.push(m.payload.alert_id));
    c.connect();
    goLive().receive(alert(1));

    expect(got).toEqual(['al-1']);
    expect(errors).toEqual([new Error('boom')]);
  });
});

describe('FleetClient: listeners', () => {
  it('survives a state listener and an error listener that both throw', () => {
    const c = client();
    const thrown: unknown[] = [];
    c.on('state', () => {
      throw new Error('state listener');
    });
    c.on('handlerError', (e) => {
      thrown.push(e);
      throw new Error('error listener');
    });

    c.connect();

    expect(thrown).toEqual([new Error('state listener')]);
    expect(c.state).toBe('connecting');
  });
});

describe('FleetClient: reconnecting', () => {
  it('resumes from the epoch and the last seq it handled', () => {
    const { c } = alertsClient();
    c.connect();
    goLive(reset('fresh', 4)).receive(alert(5));
    FakeSocket.last().drop();
    vi.advanceTimersByTime(500);
    const ws = FakeSocket.last();
    ws.open();
    ws.receive(authSuccess(['alerts']));

    expect(ws.sentOf('resume').map((m) => m.payload?.data)).toEqual([
      { epoch: EPOCH, offsets: { [FLEET]: 5 }, ack: true },
    ]);
  });

  it('delivers the replay once each, marked replayed, and what overtook it after', () => {
    const { c, got } = alertsClient();
    c.connect();
    goLive(reset('fresh', 0)).receive(alert(1));
    FakeSocket.last().drop();
    vi.advanceTimersByTime(500);
    const ws = FakeSocket.last();
    ws.open();
    ws.receive(authSuccess(['alerts']));
    ws.receive(alert(4));
    ws.receive(alert(1));
    ws.receive(alert(2));
    ws.receive(alert(3));
    ws.receive(replayed(3, 3));

    expect(got).toEqual([
      ['al-1', LIVE],
      ['al-2', REPLAYED],
      ['al-3', REPLAYED],
      ['al-4', LIVE],
    ]);
  });

  it('waits with exponential backoff and full jitter between attempts', () => {
    const draws = [1, 0.5, 1, 1, 1, 1, 1, 1];
    const c = client({ random: () => draws.shift() ?? 1, reconnect: { maxMs: 4000 } });
    const delays: number[] = [];
    c.on('state', (s, d) => {
      if (s === 'reconnecting') delays.push(d.delayMs ?? -1);
    });
    c.connect();
    for (let i = 0; i < 6; i++) {
      FakeSocket.last().drop();
      vi.runOnlyPendingTimers();
    }

    expect(delays).toEqual([500, 500, 2000, 4000, 4000, 4000]);
  });

  it('starts the backoff again once live', () => {
    const { c } = alertsClient();
    const delays: number[] = [];
    c.on('state', (s, d) => {
      if (s === 'reconnecting') delays.push(d.delayMs ?? -1);
    });
    c.connect();
    FakeSocket.last().drop();
    vi.runOnlyPendingTimers();
    goLive();
    FakeSocket.last().drop();

    expect(delays).toEqual([500, 500]);
  });

  it('gives up after maxAttempts', () => {
    const c = client({ reconnect: { maxAttempts: 2 } });
    const states: ConnectionState[] = [];
    c.on('state', (s) => states.push(s));
    c.connect();
    for (let i = 0; i < 3; i++) {
      FakeSocket.last().drop();
      vi.runOnlyPendingTimers();
    }

    expect(FakeSocket.made).toHaveLength(3);
    expect(states.at(-1)).toBe('closed');
  });

  it('does not try again after the key is refused', () => {
    const c = client();
    const errors: string[] = [];
    c.on('error', (e) => errors.push(e.code));
    c.connect();
    const ws = FakeSocket.last();
    ws.open();
    ws.receive({
      type: 'auth_error',
      id: 'a',
      timestamp: '2026-03-10T10:00:00.000Z',
      payload: { code: 'invalid_api_key', message: 'The API key is unknown or revoked' },
    });
    ws.drop(4401, 'invalid_api_key');
    vi.runAllTimers();

    expect(errors).toEqual(['invalid_api_key']);
    expect(c.state).toBe('closed');
    expect(FakeSocket.made).toHaveLength(1);
  });

  it('tries again at once when the browser comes back online', () => {
    const wake = new EventTarget();
    const c = client({ wake, reconnect: { initialMs: 60_000 } });
    c.connect();
    FakeSocket.last().drop();

    wake.dispatchEvent(new Event('online'));

    expect(FakeSocket.made).toHaveLength(2);
    expect(c.state).toBe('connecting');
  });

  it('reconnects at once when the server closes with 1012 Service Restart', () => {
    const c = client({ reconnect: { initialMs: 60_000 } });
    const states: ConnectionState[] = [];
    c.on('state', (st) => states.push(st));
    c.connect();
    goLive().drop(1012, 'Server restarting; reconnect');

    expect(FakeSocket.made).toHaveLength(2);
    expect(states.slice(-2)).toEqual(['reconnecting', 'connecting']);
  });

  it('does not reconnect after close()', () => {
    const { c } = alertsClient();
    c.connect();
    const ws = goLive();

    c.close();
    vi.runAllTimers();

    expect(ws.closedWith).toEqual({ code: 1000, reason: 'Client closed' });
    expect(FakeSocket.made).toHaveLength(1);
    expect(c.state).toBe('closed');
  });
});

describe('FleetClient: heartbeat', () => {
  it('pings every interval while messages answer', () => {
    alertsClient({ heartbeat: { intervalMs: 1000, timeoutMs: 500 } }).c.connect();
    const ws = goLive();

    for (let i = 0; i < 3; i++) {
      vi.advanceTimersByTime(1000);
      ws.receive({ type: 'pong', id: 'p', timestamp: '', payload: {} });
    }

    expect(ws.sentOf('ping')).toHaveLength(3);
    expect(FakeSocket.made).toHaveLength(1);
  });

  it('abandons a socket that answers nothing and connects again', () => {
    const { c } = alertsClient({ heartbeat: { intervalMs: 1000, timeoutMs: 500 } });
    c.connect();
    const ws = goLive();

    vi.advanceTimersByTime(1500);

    expect(ws.closedWith).toEqual({ code: 4000, reason: 'Heartbeat timed out' });
    expect(c.state).toBe('reconnecting');
    vi.advanceTimersByTime(500);
    expect(FakeSocket.made).toHaveLength(2);
  });
});

describe('FleetClient: subscriptions and sending', () => {
  it('subscribes when the first handler of a channel is added, unsubscribes after the last', () => {
    const c = client();
    c.connect();
    const ws = goLive();

    const stopA = c.subscribe('trip_events', () => {});
    const stopB = c.subscribe('trip_events', () => {});
    stopA();
    stopB();

    expect(
      ws.sent.filter((m) => m.type.endsWith('subscribe')).map((m) => m.payload),
    ).toEqual([
      { action: 'subscribe', data: { channels: ['trip_events'] } },
      { action: 'unsubscribe', data: { channels: ['trip_events'] } },
    ]);
  });

  it('subscribes again on every reconnect', () => {
    const { c } = alertsClient();
    c.subscribe('driver_status', () => {});
    c.connect();
    goLive();
    FakeSocket.last().drop();
    vi.runOnlyPendingTimers();
    const ws = FakeSocket.last();
    ws.open();

    expect(ws.sentOf('auth')[0]?.payload?.['subscriptions']).toEqual([
      'alerts',
      'driver_status',
    ]);
  });

  it('holds messages sent while away and sends them once caught up', () => {
    const c = client();
    const id = c.send('request', { data: { resource: 'alerts' } });
    c.connect();
    const ws = FakeSocket.last();
    ws.open();
    ws.receive(authSuccess([]));

    expect(ws.sentOf('request')).toEqual([]);
    ws.receive(reset('fresh', 0));
    expect(ws.sentOf('request')).toEqual([
      expect.objectContaining({ id, payload: { data: { resource: 'alerts' } } }),
    ]);
  });

  it('refuses a message once the queue is full', () => {
    const c = client({ maxQueued: 2 });

    const ids = [1, 2, 3].map(() => c.send('request', {}));

    expect(ids.map((id) => id !== undefined)).toEqual([true, true, false]);
  });
});

describe('FleetClient: acknowledgements', () => {
  it('confirms a high alert after its handlers ran, and again when it comes twice', () => {
    const c = client();
    const order: string[] = [];
    c.subscribe('alerts', () => order.push('handled'));
    c.connect();
    const ws = goLive();
    const send = ws.send.bind(ws);
    ws.send = (data) => {
      order.push(JSON.parse(data).type);
      send(data);
    };

    ws.receive(alert(4));
    ws.receive(alert(4));

    expect(order).toEqual(['handled', 'ack', 'ack']);
    expect(ws.sentOf('ack').map((m) => m.payload)).toEqual([
      { data: { offsets: { [FLEET]: 4 } } },
      { data: { offsets: { [FLEET]: 4 } } },
    ]);
  });

  it('does not confirm a medium alert', () => {
    alertsClient().c.connect();
    const ws = goLive();
    const medium = alert(4);
    medium.payload.severity = 'medium';

    ws.receive(medium);

    expect(ws.sentOf('ack')).toEqual([]);
  });

  it('neither asks for re-delivery nor confirms when told not to', () => {
    alertsClient({ acknowledge: false }).c.connect();
    const ws = goLive();
    ws.receive(alert(4));

    expect(ws.sentOf('resume').map((m) => m.payload)).toEqual([{ data: {} }]);
    expect(ws.sentOf('ack')).toEqual([]);
  });
});

describe('FleetClient: resets', () => {
  it('reports a reset, hands over the open alerts as snapshot, and moves to the new epoch', () => {
    const { c, got } = alertsClient();
    const resets: ResetInfo[] = [];
    c.on('reset', (r) => resets.push(r));
    c.connect();
    goLive(reset('fresh', 0)).receive(alert(9));
    FakeSocket.last().drop();
    vi.runOnlyPendingTimers();
    const open: StreamMessage = { ...alert(0, 'al-open'), id: 'stored-al-open' };
    goLive(reset('epoch_changed', 2, [open], 'epoch-b'));
    FakeSocket.last().receive({ ...alert(1, 'al-new'), id: 'b-1' });
    FakeSocket.last().receive({ ...alert(3, 'al-after'), id: 'b-3' });

    expect(resets.map((r) => r.reason)).toEqual(['fresh', 'epoch_changed']);
    expect(got).toEqual([
      ['al-9', LIVE],
      ['al-open', { replayed: false, snapshot: true }],
      ['al-after', LIVE],
    ]);
  });
});
