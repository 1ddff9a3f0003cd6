import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  FleetClient,
  type ConnectionState,
  type Delivery,
  type FleetClientOptions,
} from '../../../lib/client';
import { FakeFetch } from './fake-fetch';
import { FakeSocket } from './fake-socket';
import {
  alert,
  authSuccess,
  EPOCH,
  FLEET,
  pollEvents,
  pollReset,
  reset,
} from './messages';

const URL = 'ws://fleet.test/v1/streaming/websocket';
const POLL = 'http://fleet.test/v1/streaming/poll';

let fetch: FakeFetch;

beforeEach(() => {
  vi.useFakeTimers();
  FakeSocket.made = [];
  fetch = new FakeFetch();
});

afterEach(() => {
  vi.useRealTimers();
});

/** A client on alerts, recording what reaches the handler. */
function alertsClient(opts: Partial<FleetClientOptions> = {}) {
  const c = new FleetClient({
    url: URL,
    apiKey: 'key-1',
    fleetId: FLEET,
    WebSocket: FakeSocket,
    wake: null,
    random: () => 1,
    reconnect: { initialMs: 100 },
    longPoll: { fetch: fetch.fetch, upgradeMs: 60_000 },
    ...opts,
  });
  const got: Array<[string, Delivery]> = [];
  c.subscribe('alerts', (m, d) => got.push([m.payload.alert_id, d]));
  return { c, got };
}

/** Lets the client's pending promises run. */
const settle = () => vi.advanceTimersByTimeAsync(0);

/** Drops the newest socket `times` times, waiting out each backoff. */
function failSockets(times: number): void {
  for (let i = 0; i < times; i++) {
    FakeSocket.last().drop();
    vi.runOnlyPendingTimers();
  }
}

function goLive(answer: unknown): FakeSocket {
  const ws = FakeSocket.last();
  ws.open();
  ws.receive(authSuccess(['alerts']));
  ws.receive(answer);
  return ws;
}

const query = (name: string) => fetch.last().url.searchParams.get(name);
const LIVE: Delivery = { replayed: false, snapshot: false };

describe('FleetClient: falling back to long polling', () => {
  it('polls after three failed WebSocket attempts, with the key as a bearer', () => {
    const { c } = alertsClient();
    c.connect();
    failSockets(2);
    expect(fetch.calls).toEqual([]);

    FakeSocket.last().drop();

    expect(c.transport).toBe('long-poll');
    expect(FakeSocket.made).toHaveLength(3);
    expect(fetch.last().url.origin + fetch.last().url.pathname).toBe(POLL);
    expect(fetch.last().headers).toEqual({ Authorization: 'Bearer key-1' });
    expect([query('fleet_id'), query('channels'), query('epoch')]).toEqual([
      FLEET,
      'alerts',
      null,
    ]);
  });

  it('falls back after as many failures as fallbackAfter says', () => {
    const { c } = alertsClient({ longPoll: { fetch: fetch.fetch, fallbackAfter: 1 } });
    c.connect();

    FakeSocket.last().drop();

    expect(c.transport).toBe('long-poll');
    expect(fetch.calls).toHaveLength(1);
  });

  it('delivers polled events once each and in order, resuming from each answer', async () => {
    const { c, got } = alertsClient({ transport: 'long-poll' });
    const states: ConnectionState[] = [];
    c.on('state', (s) => states.push(s));
    c.connect();

    fetch.last().answer(200, pollReset(0));
    await settle();
    expect([query('epoch'), query('offset')]).toEqual([EPOCH, '0']);
    fetch.last().answer(200, pollEvents(2, [alert(2), alert(1), alert(1)]));
    await settle();
    expect(query('offset')).toBe('2');
    fetch.last().answer(200, pollEvents(3, [alert(2), alert(3)]));
    await settle();

    expect(got).toEqual([
      ['al-1', LIVE],
      ['al-2', LIVE],
      ['al-3', LIVE],
    ]);
    expect(states).toEqual(['connecting', 'live']);
    expect(FakeSocket.made).toEqual([]);
  });

  it('resumes over polling where the socket stopped, the missed events marked replayed', async () => {
    const { c, got } = alertsClient();
    const resumed: number[] = [];
    c.on('resumed', (r) => resumed.push(r.replayed));
    c.connect();
    goLive(reset('fresh', 4)).receive(alert(5));

    failSockets(2);
    FakeSocket.last().drop();
    expect([query('epoch'), query('offset')]).toEqual([EPOCH, '5']);
    fetch.last().answer(200, pollEvents(6, [alert(6)]));
    await settle();

    expect(got).toEqual([
      ['al-5', LIVE],
      ['al-6', { replayed: true, snapshot: false }],
    ]);
    expect(resumed).toEqual([1]);
  });

  it('tries the WebSocket again after upgradeMs and resumes on it', async () => {
    const { c } = alertsClient({ transport: 'auto' });
    c.connect();
    failSockets(2);
    FakeSocket.last().drop();
    fetch.last().answer(200, pollEvents(7, []));
    await settle();
    const waiting = fetch.last();

    vi.advanceTimersByTime(60_000);
    const ws = FakeSocket.last();
    ws.open();
    ws.receive(authSuccess(['alerts']));

    expect(waiting.aborted()).toBe(true);
    expect(FakeSocket.made).toHaveLength(4);
    expect(ws.sentOf('resume').map((m) => m.payload?.data)).toEqual([
      { epoch: EPOCH, offsets: { [FLEET]: 7 }, ack: true },
    ]);
    ws.receive(reset('fresh', 7));
    expect([c.transport, c.state]).toEqual(['websocket', 'live']);
  });

  it('goes back to polling at once when the WebSocket still fails', async () => {
    const { c } = alertsClient();
    c.connect();
    failSockets(2);
    FakeSocket.last().drop();
    fetch.last().answer(200, pollEvents(7, []));
    await settle();
    vi.advanceTimersByTime(60_000);
    const before = fetch.calls.length;

    FakeSocket.last().drop();

    expect(c.transport).toBe('long-poll');
    expect(fetch.calls).toHaveLength(before + 1);
    expect(query('offset')).toBe('7');
  });

  it('polls again after a backoff when a poll fails', async () => {
    const { c } = alertsClient({ transport: 'long-poll' });
    const states: ConnectionState[] = [];
    c.on('state', (s) => states.push(s));
    c.connect();

    fetch.last().fail(new TypeError('fetch failed'));
    await settle();
    expect(fetch.calls).toHaveLength(1);
    vi.advanceTimersByTime(100);

    expect(states).toEqual(['connecting', 'reconnecting', 'connecting']);
    expect(fetch.calls).toHaveLength(2);
  });

  it('stops for good when the server refuses the key', async () => {
    const { c } = alertsClient({ transport: 'long-poll' });
    const errors: string[] = [];
    c.on('error', (e) => errors.push(`${e.code}: ${e.message}`));
    c.connect();

    const refusal = { code: 'invalid_api_key', message: 'The API key is unknown' };
    fetch.last().answer(401, { error: refusal });
    await settle();
    vi.runAllTimers();

    expect(errors).toEqual(['invalid_api_key: The API key is unknown']);
    expect(c.state).toBe('closed');
    expect(fetch.calls).toHaveLength(1);
  });

  it('never polls when told to use the WebSocket only', () => {
    const { c } = alertsClient({ transport: 'websocket' });
    c.connect();

    failSockets(5);

    expect(fetch.calls).toEqual([]);
    expect(FakeSocket.made).toHaveLength(6);
  });

  it('never polls without a fleet, which a poll must name', () => {
    const c = new FleetClient({
      url: URL,
      apiKey: 'key-1',
      WebSocket: FakeSocket,
      wake: null,
      longPoll: { fetch: fetch.fetch, fallbackAfter: 1 },
    });
    c.connect();

    failSockets(3);

    expect(fetch.calls).toEqual([]);
  });

  it('stops polling on close()', async () => {
    const { c } = alertsClient({ transport: 'long-poll' });
    c.connect();
    fetch.last().answer(200, pollReset(0));
    await settle();

    c.close();
    vi.runAllTimers();
    await settle();

    expect(fetch.last().aborted()).toBe(true);
    expect(fetch.calls).toHaveLength(2);
    expect(c.state).toBe('closed');
  });
});

describe('FleetClient: choosing a transport', () => {
  it('polls from the start where there is no WebSocket', () => {
    vi.stubGlobal('WebSocket', undefined);
    try {
      const c = new FleetClient({
        url: URL,
        apiKey: 'key-1',
        fleetId: FLEET,
        wake: null,
        longPoll: { fetch: fetch.fetch },
      });
      c.connect();

      expect(c.transport).toBe('long-poll');
      expect(fetch.calls).toHaveLength(1);
    } finally {
      vi.unstubAllGlobals();
    }
  });

  it('refuses to long-poll without a fleet', () => {
    const make = () =>
      new FleetClient({
        url: URL,
        apiKey: 'key-1',
        WebSocket: FakeSocket,
        transport: 'long-poll',
        longPoll: { fetch: fetch.fetch },
      });

    expect(make).toThrow(
      new TypeError(
        'Long polling reads one fleet: pass fleetId, and longPoll.fetch if no fetch here',
      ),
    );
  });
});

describe('FleetClient: poll limits', () => {
  it.each([
    [0, '1000'],
    [90_000, '30000'],
    [undefined, '25000'],
  ])('asks the server to wait %s ms as %s', (waitMs, asked) => {
    const longPoll = { fetch: fetch.fetch, ...(waitMs !== undefined && { waitMs }) };
    const c = new FleetClient({
      url: URL,
      apiKey: 'key-1',
      fleetId: FLEET,
      transport: 'long-poll',
      wake: null,
      longPoll,
    });
    c.connect();

    expect(query('wait_ms')).toBe(asked);
  });
});
