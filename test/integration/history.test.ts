import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AlertRecord } from '../../lib/protocol';
import type { HistorySpan, PositionsAt, TripPage } from '../../lib/protocol/history';
import { raiseAlert } from '../../server/db/alerts';
import {
  bearer,
  FLEET,
  OTHER_FLEET,
  postJson,
  startSourceServer,
  type SourceServer,
} from '../support/sources';

const MIN = 60_000;
/** A whole hour two hours ago: every fix below is in the past. */
const T0 = Math.floor((Date.now() - 2 * 60 * MIN) / (60 * MIN)) * 60 * MIN;
const iso = (t: number) => new Date(t).toISOString();

let ctx: SourceServer;

/**
 * Three trips on two vehicles, one fix a minute, heading north by about
 * 111 m a minute (0.001° of latitude):
 * car-1 on trip A from T0 to T0+4 min, then trip B from T0+20 to T0+22;
 * car-2 on trip C from T0+10 to T0+12.
 */
beforeAll(async () => {
  ctx = await startSourceServer();
  const res = await postJson(
    `${ctx.server.base}/v1/fleets/${FLEET}/ingest-keys`,
    { label: 'history test' },
    ctx.keys.admin,
  );
  const ingestKey = ((await res.json()) as { ingest_key: { key: string } }).ingest_key
    .key;

  const fixes = [
    ...run('car-1', 'trip-A', 0, 5),
    ...run('car-1', 'trip-B', 20, 3),
    ...run('car-2', 'trip-C', 10, 3),
  ];
  const sent = await postJson(
    `${ctx.server.base}/v1/ingest/positions`,
    { fixes },
    ingestKey,
  );
  expect(sent.status).toBe(200);
  // Positions reach the disk in batches; write this one now.
  await ctx.server.app.sources.gateway.flush();
});

afterAll(async () => {
  await ctx?.server.close();
});

function run(vehicle: string, trip: string, startMin: number, count: number) {
  return Array.from({ length: count }, (_, i) => ({
    vehicle_id: vehicle,
    trip_id: trip,
    timestamp: iso(T0 + (startMin + i) * MIN),
    lat: 30.2 + i * 0.001,
    lon: -97.7,
    speed_kmh: 6.7,
  }));
}

function get(path: string, key = ctx.keys.viewer): Promise<Response> {
  return fetch(ctx.server.base + path, { headers: bearer(key) });
}

async function errorOf(res: Response) {
  return ((await res.json()) as { error: { code: string; message: string } }).error;
}

describe('GET /v1/fleets/{id}/trips', () => {
  it('answers the stored trips, the latest ended first', async () => {
    const res = await get(`/v1/fleets/${FLEET}/trips`);

    expect(res.status).toBe(200);
    const page = (await res.json()) as TripPage;
    expect(page.trips.map((t) => [t.trip_id, t.vehicle_id, t.points])).toEqual([
      ['trip-B', 'car-1', 3],
      ['trip-C', 'car-2', 3],
      ['trip-A', 'car-1', 5],
    ]);
    expect(page.trips[2]).toMatchObject({
      start: iso(T0),
      end: iso(T0 + 4 * MIN),
    });
    // Four steps of 0.001° of latitude: about 445 m.
    expect(page.trips[2]?.distance_m).toBeGreaterThan(440);
    expect(page.trips[2]?.distance_m).toBeLessThan(450);
    expect(page.next_offset).toBeUndefined();
  });

  it('pages with limit and offset', async () => {
    const first = (await (
      await get(`/v1/fleets/${FLEET}/trips?limit=2`)
    ).json()) as TripPage;
    const second = (await (
      await get(`/v1/fleets/${FLEET}/trips?limit=2&offset=${first.next_offset ?? -1}`)
    ).json()) as TripPage;

    expect(first.trips.map((t) => t.trip_id)).toEqual(['trip-B', 'trip-C']);
    expect(first.next_offset).toBe(2);
    expect(second.trips.map((t) => t.trip_id)).toEqual(['trip-A']);
    expect(second.next_offset).toBeUndefined();
  });

  it('filters by vehicle and by a window the trip overlaps', async () => {
    const byCar = (await (
      await get(`/v1/fleets/${FLEET}/trips?vehicle_id=car-1`)
    ).json()) as TripPage;
    const window = `from=${iso(T0 + 3 * MIN)}&to=${iso(T0 + 10 * MIN)}`;
    const byTime = (await (
      await get(`/v1/fleets/${FLEET}/trips?${window}`)
    ).json()) as TripPage;

    expect(byCar.trips.map((t) => t.trip_id)).toEqual(['trip-B', 'trip-A']);
    expect(byTime.trips.map((t) => t.trip_id)).toEqual(['trip-C', 'trip-A']);
  });

  it('names a bad parameter', async () => {
    const time = await get(`/v1/fleets/${FLEET}/trips?from=noon`);
    const limit = await get(`/v1/fleets/${FLEET}/trips?limit=0`);
    const order = await get(
      `/v1/fleets/${FLEET}/trips?from=${iso(T0)}&to=${iso(T0 - MIN)}`,
    );

    expect(time.status).toBe(400);
    expect(await errorOf(time)).toEqual({
      code: 'invalid_message',
      message: 'from must be an ISO 8601 time',
    });
    expect((await errorOf(limit)).message).toBe(
      'limit must be a whole number in [1, 100]',
    );
    expect((await errorOf(order)).message).toBe('to must not be before from');
  });

  it("answers another fleet's key like an unknown fleet", async () => {
    const res = await get(`/v1/fleets/${FLEET}/trips`, ctx.keys.otherAdmin);
    const own = await get(`/v1/fleets/${OTHER_FLEET}/trips`, ctx.keys.otherAdmin);

    expect(res.status).toBe(404);
    expect((await errorOf(res)).message).toBe(`No fleet ${FLEET} is visible to this key`);
    expect(((await own.json()) as TripPage).trips).toEqual([]);
  });
});

describe('GET /v1/fleets/{id}/positions-at', () => {
  it('answers each vehicle at its latest fix at or before t', async () => {
    const res = await get(`/v1/fleets/${FLEET}/positions-at?t=${iso(T0 + 11.5 * MIN)}`);

    expect(res.status).toBe(200);
    const body = (await res.json()) as PositionsAt;
    expect(body.t).toBe(iso(T0 + 11.5 * MIN));
    expect(body.lookback_s).toBe(600);
    expect(body.vehicles).toEqual([
      {
        vehicle_id: 'car-1',
        label: 'car-1',
        t: iso(T0 + 4 * MIN),
        lat: 30.204,
        lon: -97.7,
        speed: 6.7,
        heading: 0,
        trip_id: 'trip-A',
      },
      {
        vehicle_id: 'car-2',
        label: 'car-2',
        t: iso(T0 + 11 * MIN),
        lat: 30.201,
        lon: -97.7,
        speed: 6.7,
        heading: 0,
        trip_id: 'trip-C',
      },
    ]);
    expect(body.without_fix).toEqual([]);
  });

  it('leaves out a vehicle without a fix in the look-back and says so', async () => {
    const t = iso(T0 + 11.5 * MIN);

    const res = await get(`/v1/fleets/${FLEET}/positions-at?t=${t}&lookback_s=120`);

    const body = (await res.json()) as PositionsAt;
    expect(body.lookback_s).toBe(120);
    expect(body.vehicles.map((v) => v.vehicle_id)).toEqual(['car-2']);
    expect(body.without_fix).toEqual(['car-1']);
  });

  it('answers nothing before the first fix', async () => {
    const res = await get(`/v1/fleets/${FLEET}/positions-at?t=${iso(T0 - MIN)}`);

    const body = (await res.json()) as PositionsAt;
    expect(body.vehicles).toEqual([]);
    expect(body.without_fix).toEqual(['car-1', 'car-2']);
  });

  it('names a bad time or look-back', async () => {
    const time = await get(`/v1/fleets/${FLEET}/positions-at?t=4pm`);
    const missing = await get(`/v1/fleets/${FLEET}/positions-at`);
    const lookback = await get(
      `/v1/fleets/${FLEET}/positions-at?t=${iso(T0)}&lookback_s=3601`,
    );

    expect(time.status).toBe(400);
    expect(await errorOf(time)).toEqual({
      code: 'invalid_message',
      message: 't must be an ISO 8601 time',
    });
    expect((await errorOf(missing)).message).toBe('t must be an ISO 8601 time');
    expect((await errorOf(lookback)).message).toBe(
      'lookback_s must be a whole number in [1, 3600]',
    );
  });

  it("answers another fleet's key like an unknown fleet", async () => {
    const t = iso(T0 + 11 * MIN);

    const res = await get(`/v1/fleets/${FLEET}/positions-at?t=${t}`, ctx.keys.otherAdmin);

    expect(res.status).toBe(404);
  });
});

describe('GET /v1/fleets/{id}/history', () => {
  it('answers the first and last stored device time', async () => {
    const res = await get(`/v1/fleets/${FLEET}/history`);

    expect(await res.json()).toEqual({
      fleet_id: FLEET,
      first: iso(T0),
      last: iso(T0 + 22 * MIN),
    } satisfies HistorySpan);
  });

  it('answers null for a fleet with nothing stored', async () => {
    const res = await get(`/v1/fleets/${OTHER_FLEET}/history`, ctx.keys.otherAdmin);

    expect(await res.json()).toEqual({ fleet_id: OTHER_FLEET, first: null, last: null });
  });
});

describe('GET /v1/fleets/{id}/alerts?trip_id=', () => {
  it("answers only the trip's alerts", async () => {
    const raised = await raiseAlert(ctx.server.app.db, {
      channel: 'alerts',
      fleetId: FLEET,
      vehicleId: 'car-2',
      tripId: 'trip-alerted',
      category: 'harsh_braking',
      severity: 'medium',
      eventData: {},
      recommendedActions: [],
      at: iso(T0 + 11 * MIN),
    });

    const res = await get(`/v1/fleets/${FLEET}/alerts?trip_id=trip-alerted`);

    const { alerts } = (await res.json()) as { alerts: AlertRecord[] };
    expect(alerts.map((a) => [a.alert_id, a.trip_id])).toEqual([
      [raised.alert.alert_id, 'trip-alerted'],
    ]);
  });
});
