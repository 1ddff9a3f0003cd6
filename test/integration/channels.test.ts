import { io, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  CHANNELS,
  driverStatusSchema,
  locationUpdatePayloadSchema,
  MESSAGE_TYPES,
  type Channel,
  type ClientToServerEvents,
  type ServerToClientEvents,
} from '../../lib/protocol';
import { keyOf, SHARED_KEY, startServer, type TestServer } from '../support/server';
import { TestSocket, type Received } from '../support/ws-client';

const CARS = 'ann-arbor';
const PATH = '/v1/streaming/websocket';
const ISO_UTC = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/;
const WAIT_MS = 20_000;

/** The channels the engine runtime feeds today, without the detectors. */
const LIVE = [
  'vehicle_locations',
  'trip_events',
  'telemetry',
  'fleet_metrics',
  'driver_status',
] as const satisfies readonly Channel[];

const iso = z.string().regex(ISO_UTC);
const severityCounts = z.strictObject({
  critical: z.number().int().nonnegative(),
  high: z.number().int().nonnegative(),
  medium: z.number().int().nonnegative(),
  low: z.number().int().nonnegative(),
});
const trendText = z.string().regex(/^[+-]\d+\.\d%$/);

/** The payloads of lib/protocol/events.ts, strict: no field beyond them. */
const PAYLOADS: Record<(typeof LIVE)[number], z.ZodType> = {
  vehicle_locations: locationUpdatePayloadSchema.strict(),
  trip_events: z.strictObject({
    event: z.enum([
      'trip_started',
      'trip_completed',
      'waypoint_reached',
      'stop_detected',
    ]),
    trip_id: z.string().min(1),
    vehicle_id: z.string().min(1),
    fleet_id: z.string().min(1),
    driver_id: z.string().optional(),
    route_id: z.string().optional(),
    waypoint: z.object({}).passthrough().optional(),
    route_update: z.object({}).passthrough().optional(),
    summary: z
      .strictObject({
        distance_km: z.number().nonnegative(),
        duration_s: z.number().nonnegative(),
        started_at: iso,
      })
      .optional(),
  }),
  telemetry: z.strictObject({
    vehicle_id: z.string().min(1),
    fleet_id: z.literal(CARS),
    sampled_at: iso,
    telemetry: z.strictObject({
      engine_rpm: z.number().nonnegative().optional(),
      engine_load: z.number().min(0).max(100).optional(),
      engine_temp: z.number().optional(),
      fuel_level: z.number().min(0).max(100).optional(),
      odometer: z.number().nonnegative(),
      speed: z.number().nonnegative().optional(),
      maf: z.number().nonnegative().optional(),
    }),
  }),
  fleet_metrics: z.strictObject({
    fleet_id: z.string().min(1),
    period: z.strictObject({ start: iso, end: iso }),
    metrics: z.strictObject({
      active_vehicles: z.number().int().nonnegative(),
      total_trips: z.number().int().nonnegative(),
      completed_deliveries: z.number().int().nonnegative(),
      average_speed: z.number().nonnegative(),
      fuel_efficiency: z.number().nonnegative().optional(),
      on_time_percentage: z.number().min(0).max(100).optional(),
      safety_score: z.number().min(0).max(100),
    }),
    alerts_summary: severityCounts,
    performance_trends: z.strictObject({
      utilization_trend: trendText,
      efficiency_trend: trendText,
      safety_trend: trendText,
    }),
  }),
  driver_status: z.strictObject({
    vehicle_id: z.string().min(1),
    fleet_id: z.string().min(1),
    driver_id: z.string().optional(),
    status: driverStatusSchema,
    previous_status: driverStatusSchema.optional(),
    source: z.enum(['motion', 'manual']),
    since: iso,
  }),
};

type Message = Pick<Received, 'type' | 'id' | 'timestamp' | 'channel' | 'payload'>;

/** `extra`: fields a transport adds (Socket.IO names the stream's epoch). */
function expectSpecEnvelope(
  m: Message & { seq?: number },
  channel: Channel,
  extra: string[] = [],
): void {
  expect(Object.keys(m).sort()).toEqual(
    ['channel', 'id', 'payload', 'seq', 'timestamp', 'type', ...extra].sort(),
  );
  expect([m.type, m.channel]).toEqual([MESSAGE_TYPES[channel], channel]);
  expect(m.id).toMatch(/\S/);
  expect(m.timestamp).toMatch(ISO_UTC);
}

function isLive(channel: string | undefined): channel is (typeof LIVE)[number] {
  return (LIVE as readonly string[]).includes(channel ?? '');
}

/** What is wrong with a message's payload, or undefined when nothing is. */
function payloadIssues(m: Message, channel: (typeof LIVE)[number]) {
  return PAYLOADS[channel].safeParse(m.payload).error?.issues;
}

let server: TestServer;
let raw: TestSocket;
let browser: Socket<ServerToClientEvents, ClientToServerEvents>;
const heard = new Map<Channel, Message[]>(CHANNELS.map((c) => [c, []]));

beforeAll(async () => {
  server = await startServer({
    METRICS_INTERVAL_MS: '3000',
    TELEMETRY_INTERVAL_MS: '1000',
  });

  raw = await TestSocket.open(`${server.wsBase}${PATH}`);
  raw.send({
    type: 'auth',
    id: 'auth-all',
    payload: { api_key: SHARED_KEY, subscriptions: [...CHANNELS] },
  });
  const ok = await raw.next((m) => m.type === 'auth_success');
  expect(ok.payload['subscriptions']).toEqual([...CHANNELS]);

  browser = io(server.base, {
    // Positions as spec envelopes, one event per fix, like every channel.
    auth: { apiKey: keyOf(server, CARS), fleetId: CARS, positions: 'json' },
    transports: ['websocket'],
    reconnection: false,
    forceNew: true,
  });
  for (const channel of CHANNELS) {
    browser.on(channel, (m: Message) => heard.get(channel)?.push(m));
  }
  await new Promise<void>((resolve) => browser.once('connect', resolve));
});

afterAll(async () => {
  browser?.disconnect();
  raw?.close();
  await server?.close();
});

/** The first Socket.IO event of a channel, failing after the deadline. */
async function firstHeard(channel: Channel): Promise<Message> {
  const deadline = Date.now() + WAIT_MS;
  for (;;) {
    const [first] = heard.get(channel) ?? [];
    if (first) return first;
    if (Date.now() > deadline)
      throw new Error(`no ${channel} event within ${WAIT_MS} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('every live channel over the Bookovia WebSocket', () => {
  it.each(LIVE)(
    'delivers %s in the spec envelope with its documented payload',
    async (channel) => {
      const m = await raw.next((x) => x.channel === channel, WAIT_MS);

      expectSpecEnvelope(m, channel);
      expect(payloadIssues(m, channel)).toBeUndefined();
    },
  );

  it('sends telemetry for the Ann Arbor cars with at least one engine value', async () => {
    const m = await raw.next((x) => x.channel === 'telemetry', WAIT_MS);

    const values = m.payload['telemetry'] as Record<string, unknown>;
    const engine = ['engine_rpm', 'engine_load', 'engine_temp', 'fuel_level'];
    expect(engine.filter((k) => k in values).length).toBeGreaterThan(0);
  });

  it('sends fleet_metrics for every fleet the key may read', async () => {
    const fleets = server.demo?.fleets.map((f) => f.id) ?? [];

    const metrics = await raw.collect(
      (x) => x.channel === 'fleet_metrics',
      fleets.length,
      WAIT_MS,
    );

    const ids = new Set(metrics.map((m) => m.payload.fleet_id));
    expect([...ids].sort()).toEqual([...fleets].sort());
  });
});

describe('every live channel over Socket.IO', () => {
  it.each(LIVE)('emits %s as an event named after its channel', async (channel) => {
    const m = await firstHeard(channel);

    expectSpecEnvelope(m, channel, ['epoch']);
    expect(payloadIssues(m, channel)).toBeUndefined();
  });
});

// Checked last, so they cover everything sent while the tests above ran.
describe('over the whole run', () => {
  it('gives every Bookovia message of a live channel its documented payload', () => {
    const wrong = raw.messages.flatMap((m) => {
      if (!isLive(m.channel)) return [];
      const issues = payloadIssues(m, m.channel);
      return issues ? [{ channel: m.channel, payload: m.payload, issues }] : [];
    });

    expect(wrong).toEqual([]);
  });

  it('never sends telemetry for an Austin bus, which reports no engine values', () => {
    const telemetry = raw.messages.filter((m) => m.channel === 'telemetry');
    // The key reads the Austin fleets too: their positions did arrive.
    const austin = raw.messages.some(
      (m) => m.channel === 'vehicle_locations' && m.payload.fleet_id !== CARS,
    );

    const buses = telemetry.filter(
      (m) => m.payload.fleet_id !== CARS || m.payload.vehicle_id?.startsWith('bus-'),
    );
    expect([telemetry.length > 0, austin, buses]).toEqual([true, true, []]);
  });

  it('emits over Socket.IO only the fleet of the handshake', () => {
    const fleets = new Set([...heard.values()].flat().map((m) => m.payload.fleet_id));

    expect([...fleets]).toEqual([CARS]);
  });
});
