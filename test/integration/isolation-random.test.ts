import fc from 'fast-check';
import { io, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../../lib/protocol';
import { engineAlert } from '../support/alerts';
import { keyOf, startServer, type TestServer } from '../support/server';
import { until } from '../support/sources';
import { TestSocket } from '../support/ws-client';

// Field case C18, randomized: 1,000 attempts by fleet A's keys, through
// every entry point, to read or change fleet B. None may succeed, and
// A's live clients must never receive a word about B.
const A = 'austin-metrorapid';
const B = 'ann-arbor';
const RUNS = 1000;
const SEED = 20_261_205;
const ROLES: Role[] = ['admin', 'dispatcher', 'viewer'];
const WS = '/v1/streaming/websocket';

let server: TestServer;
/** What would betray B: its id and ids of its vehicles, trips and alert. */
let secrets: string[] = [];
let vehicleB = '';
let tripB = '';
let alertB = '';

beforeAll(async () => {
  // Attempts come fast: no limit may answer for the isolation.
  server = await startServer({
    RATE_LIMIT_PER_S: '10000',
    RATE_LIMIT_BURST: '100000',
    RATE_LIMIT_CUT_AFTER: '1000000',
    MAX_CONNECTIONS_PER_KEY: '100000',
  });
  const vehicles = await waitFor(() => server.app.state.snapshot(B));
  vehicleB = vehicles[0]?.fix.vehicleId ?? 'none';
  tripB = vehicles.find((v) => v.fix.tripId)?.fix.tripId ?? 'trip-of-b';
  const raised = await server.app.alerts.raise(engineAlert(B, vehicleB));
  alertB = raised?.alert_id ?? 'alert_of-b';
  secrets = [B, vehicleB, tripB, alertB];
});

afterAll(async () => {
  await server.close();
});

async function waitFor<T>(read: () => T[]): Promise<T[]> {
  for (let i = 0; i < 200; i++) {
    const found = read();
    if (found.length > 0) return found;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('fleet B never had a vehicle');
}

const mentionsB = (text: string) => secrets.some((s) => text.includes(s));

/** An id of B's, or one dressed to look like it. */
const idOfB = () =>
  fc.constantFrom(
    B,
    vehicleB,
    tripB,
    alertB,
    encodeURIComponent(B),
    `${B}/`,
    B.toUpperCase(),
  );

const REST_PATHS = [
  '/v1/fleets/{f}',
  '/v1/fleets/{f}/alerts',
  '/v1/fleets/{f}/alert-rules',
  '/v1/fleets/{f}/alert-rules/r1',
  '/v1/fleets/{f}/audit',
  '/v1/fleets/{f}/deliveries',
  '/v1/fleets/{f}/devices',
  '/v1/fleets/{f}/devices/{v}/quarantine',
  '/v1/fleets/{f}/gtfs-rt',
  '/v1/fleets/{f}/history',
  '/v1/fleets/{f}/imports',
  '/v1/fleets/{f}/ingest-keys',
  '/v1/fleets/{f}/metrics',
  '/v1/fleets/{f}/notify-targets',
  '/v1/fleets/{f}/positions-at?t=2026-01-01T00:00:00Z',
  '/v1/fleets/{f}/settings',
  '/v1/fleets/{f}/sources',
  '/v1/fleets/{f}/trips',
  '/v1/fleets/{f}/vehicles/{v}/quarantine',
  '/v1/fleets/{f}/wall-tokens',
  '/v1/vehicles/{v}/track',
  '/v1/vehicles/{v}/trip',
  '/v1/vehicles/{v}/plan',
  '/v1/vehicles/{v}/driver-status',
  '/v1/trips/{t}/track',
  '/v1/alerts/{a}/acknowledge',
  '/v1/alerts/{a}/resolve',
  '/v1/devices/{v}',
  '/v1/streaming/poll?fleet_id={f}',
  '/v1/streaming/poll?fleet_id={f}&epoch={e}&offset=0&wait_ms=0',
];

type Attempt =
  | { kind: 'rest'; role: Role; method: string; path: string; body: unknown }
  | { kind: 'frame'; frame: unknown }
  | { kind: 'endpoint'; role: Role; path: string; query: boolean; fleet: string }
  | { kind: 'handshake'; role: Role; fleetId: string; resume: unknown }
  | { kind: 'event'; event: 'alert:ack' | 'alert:resolve' | 'ack'; data: unknown };

const role = fc.constantFrom(...ROLES);

function attempts(): fc.Arbitrary<Attempt> {
  const id = idOfB();
  const offsets = id.map((f) => ({ [f]: 0 }));
  const rest = fc.record({
    kind: fc.constant('rest' as const),
    role,
    method: fc.constantFrom('GET', 'PUT', 'POST', 'DELETE', 'PATCH'),
    path: fc.tuple(fc.constantFrom(...REST_PATHS), id).map(([p, x]) =>
      p
        .replaceAll('{f}', encodeURIComponent(x === vehicleB ? B : x))
        .replaceAll('{v}', vehicleB)
        .replaceAll('{t}', tripB)
        .replaceAll('{a}', alertB)
        .replaceAll('{e}', server.app.hub.epoch),
    ),
    body: fc.constantFrom({}, { fleet_id: B }, { name: 'x', fleet_id: B, note: 'n' }),
  });
  const payload = fc.oneof(
    fc.record({ channel: fc.constantFrom('alerts', 'vehicle_locations'), fleet_id: id }),
    fc.record({
      channels: fc.constant(['alerts']),
      vehicle_id: id,
      filters: fc.record({ fleet_id: id }),
    }),
    fc.record({
      action: fc.constant('request'),
      data: fc.record({
        resource: fc.constantFrom(
          'vehicles',
          'alerts',
          'trip',
          'vehicle',
          'metrics',
          'acknowledge_alert',
          'resolve_alert',
        ),
        fleet_id: id,
        vehicle_id: fc.constant(vehicleB),
        trip_id: fc.constant(tripB),
        alert_id: fc.constant(alertB),
      }),
    }),
    fc.record({ offsets }),
    fc.record({ data: fc.record({ offsets }) }),
    fc.record({ data: fc.record({ epoch: fc.constant('{e}'), offset: fc.nat(100) }) }),
  );
  const frame = fc.record({
    kind: fc.constant('frame' as const),
    frame: fc.record({
      type: fc.constantFrom('subscribe', 'request', 'resume', 'ack', 'unsubscribe'),
      id: fc.uuid(),
      payload,
    }),
  });
  const endpoint = fc.record({
    kind: fc.constant('endpoint' as const),
    role,
    path: fc.constantFrom(`${WS}/fleet/{f}`, `${WS}/vehicle/{v}`, `${WS}/trip/{t}`, WS),
    query: fc.boolean(),
    fleet: id,
  });
  const handshake = fc.record({
    kind: fc.constant('handshake' as const),
    role,
    fleetId: id,
    resume: fc.constantFrom(undefined, { offset: 0 }, { offsets: { [B]: 0 } }),
  });
  const event = fc.record({
    kind: fc.constant('event' as const),
    event: fc.constantFrom(
      'alert:ack' as const,
      'alert:resolve' as const,
      'ack' as const,
    ),
    data: fc.oneof(
      fc.constant({ alertId: alertB, requestId: 'r1' }),
      fc.record({ offsets: offsets }),
      fc.record({ offset: fc.nat(100), fleetId: id }),
    ),
  });
  return fc.oneof(
    { arbitrary: rest, weight: 4 },
    { arbitrary: frame, weight: 4 },
    { arbitrary: endpoint, weight: 1 },
    { arbitrary: handshake, weight: 1 },
    { arbitrary: event, weight: 2 },
  );
}

/** A's live clients, listening for anything about B the whole run. */
interface Watch {
  ws: TestSocket;
  sio: Socket;
  heard: string[];
}

async function watch(): Promise<Watch> {
  const key = keyOf(server, A, 'admin');
  const subs = 'vehicle_locations,alerts,trip_events,telemetry,fleet_metrics';
  const ws = await TestSocket.open(
    `${server.wsBase}${WS}?api_key=${key}&subscriptions=${subs}`,
  );
  await ws.next((m) => m.type === 'auth_success');
  const sio = io(server.base, {
    auth: { apiKey: key, fleetId: A },
    transports: ['websocket'],
    reconnection: false,
    forceNew: true,
  });
  const heard: string[] = [];
  sio.onAny((event: string, ...args: unknown[]) =>
    heard.push(`${event} ${JSON.stringify(args)}`),
  );
  await new Promise<void>((r) => sio.once('connect', () => r()));
  return { ws, sio, heard };
}

/** Whether the attempt got anything of B: a success, or B named in the answer. */
async function attempt(a: Attempt, w: Watch): Promise<string | null> {
  const key = (r: Role) => keyOf(server, A, r);
  if (a.kind === 'rest') {
    const init: RequestInit = {
      method: a.method,
      headers: {
        authorization: `Bearer ${key(a.role)}`,
        'content-type': 'application/json',
      },
      ...(a.method !== 'GET' && { body: JSON.stringify(a.body) }),
    };
    const res = await fetch(`${server.base}${a.path}`, init);
    const text = await res.text();
    if (res.status < 400 && mentionsB(text))
      return `${a.method} ${a.path}: ${res.status} ${text.slice(0, 200)}`;
    if (res.status < 400 && a.method !== 'GET')
      return `${a.method} ${a.path}: ${res.status}`;
    return null;
  }
  if (a.kind === 'frame') {
    const from = w.ws.messages.length;
    const json = JSON.stringify(a.frame).replaceAll('{e}', server.app.hub.epoch);
    const frame = JSON.parse(json) as { id: string; type: string };
    w.ws.send(frame);
    // ack is never answered; a ping after it marks when it was handled.
    w.ws.send({ type: 'ping', id: `after-${frame.id}` });
    await w.ws.next((m) => m.id === `after-${frame.id}`, 10_000, from);
    const answers = w.ws.messages.slice(from).filter((m) => m.id === frame.id);
    const leak = answers.find((m) => m.type !== 'error' && mentionsB(JSON.stringify(m)));
    return leak ? `${frame.type}: ${JSON.stringify(leak).slice(0, 200)}` : null;
  }
  if (a.kind === 'endpoint') {
    const path = a.path
      .replace('{f}', encodeURIComponent(a.fleet))
      .replace('{v}', vehicleB)
      .replace('{t}', tripB);
    const q = `api_key=${key(a.role)}&fleet_id=${encodeURIComponent(a.fleet)}`;
    const ws = await TestSocket.open(`${server.wsBase}${path}${a.query ? `?${q}` : ''}`);
    if (!a.query)
      ws.send({
        type: 'auth',
        id: 'a1',
        payload: { api_key: key(a.role), fleet_id: a.fleet },
      });
    const answer = await ws.next(
      (m) => m.type === 'auth_success' || m.type === 'auth_error',
    );
    ws.close();
    return answer.type === 'auth_success' ? `${path} ${q}: auth_success` : null;
  }
  if (a.kind === 'handshake') {
    const sio = io(server.base, {
      auth: {
        apiKey: key(a.role),
        fleetId: a.fleetId,
        ...(a.resume !== undefined && { resume: a.resume }),
      },
      transports: ['websocket'],
      reconnection: false,
      forceNew: true,
    });
    const ok = await new Promise<boolean>((resolve) => {
      sio.once('connect', () => resolve(true));
      sio.once('connect_error', () => resolve(false));
    });
    sio.disconnect();
    return ok ? `handshake for ${a.fleetId}: connected` : null;
  }
  const reply = await new Promise<unknown>((resolve) => {
    if (a.event === 'ack') {
      w.sio.emit('ack', a.data as never);
      resolve(null);
      return;
    }
    w.sio.emit(a.event, a.data as never, resolve as never);
  });
  const ok = (reply as { ok?: boolean } | null)?.ok === true;
  return ok ? `${a.event} ${JSON.stringify(a.data)}: ok` : null;
}

describe('fleet isolation, randomized', () => {
  it(`refuses ${RUNS} attempts by A's keys on B, and A's clients hear nothing of B`, async () => {
    const w = await watch();
    const leaks: string[] = [];

    await fc.assert(
      fc.asyncProperty(attempts(), async (a) => {
        const leak = await attempt(a, w);
        if (leak) leaks.push(leak);
        return leak === null;
      }),
      { numRuns: RUNS, seed: SEED, endOnFailure: true },
    );

    // The watchers are live: they hear an alert of their own fleet. Not a
    // position: whether the demo's replay moves any of A's vehicles right
    // now depends on the time of day.
    const own = await server.app.alerts.raise(engineAlert(A, 'isolation-watch'));
    const ownId = own?.alert_id ?? 'none';
    const heardOwn = () =>
      w.ws.messages.some((m) => JSON.stringify(m).includes(ownId)) &&
      w.heard.some((h) => h.includes(ownId));
    await until(heardOwn, "an alert of the watchers' own fleet");

    // A refusal repeats the id the attempt named, as it would an unknown
    // one; everything else the watchers got must be silent about B.
    const answers = w.ws.messages.filter((m) => m.type !== 'error');
    const heard = [...w.heard, ...answers.map((m) => JSON.stringify(m))];
    expect(leaks).toEqual([]);
    expect(heard.filter(mentionsB)).toEqual([]);
    w.ws.close();
    w.sio.disconnect();
  }, 120_000);
});
