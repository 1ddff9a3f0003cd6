import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IngestResponse } from '../../lib/protocol';
import type { QuarantineAnswer } from '../../server/http/quarantine';
import {
  bearer,
  FLEET,
  postJson,
  startSourceServer,
  type SourceServer,
} from '../support/sources';

/**
 * The same bad fixes sent over HTTP ingest and over OsmAnd get the same
 * reasons, in the answer to the sender and in the vehicle's quarantine.
 */
let ctx: SourceServer;
const MIN = 60_000;
const T0 = Math.floor((Date.now() - 15 * MIN) / MIN) * MIN;
const AUSTIN = { lat: 30.27, lon: -97.74 };

interface Sent {
  at: number;
  lat: number | string;
  lon: number | string;
}

/** A good first fix, then one of each kind of bad fix, in this order. */
const SEQUENCE: Array<[string, Sent]> = [
  ['accepted', { at: T0, ...AUSTIN }],
  ['no_fix', { at: T0 + 10_000, lat: 0, lon: 0 }],
  ['future_time', { at: Date.now() + 60 * MIN, ...AUSTIN }],
  ['coordinates_out_of_range', { at: T0 + 20_000, lat: 91, lon: 10 }],
  ['invalid_coordinates', { at: T0 + 25_000, lat: 'NaN', lon: AUSTIN.lon }],
  // New York, 30 s after Austin.
  ['teleport', { at: T0 + 30_000, lat: 40.71, lon: -74.0 }],
];

const EXPECTED_REASONS = {
  no_fix: 1,
  future_time: 1,
  coordinates_out_of_range: 1,
  invalid_coordinates: 1,
  teleport: 1,
};

beforeAll(async () => {
  ctx = await startSourceServer({ OSMAND_PORT: '0' });
  const res = await postJson(
    `${ctx.server.base}/v1/fleets/${FLEET}/devices`,
    { device_id: 'phone-q', vehicle_id: 'veh-osmand' },
    ctx.keys.admin,
  );
  expect(res.status).toBe(201);
});

afterAll(async () => {
  await ctx?.server.close();
});

async function quarantine(path: string, key = ctx.keys.admin): Promise<Response> {
  return fetch(`${ctx.server.base}/v1/fleets/${path}/quarantine`, {
    headers: bearer(key),
  });
}

async function viaHttp(s: Sent): Promise<string> {
  const fix = { vehicle_id: 'veh-http', timestamp: s.at, lat: s.lat, lon: s.lon };
  const res = await postJson(
    `${ctx.server.base}/v1/ingest/positions`,
    { fixes: [fix] },
    ctx.keys.admin,
  );
  const [result] = ((await res.json()) as IngestResponse).results;
  return result?.code ?? result?.status ?? 'none';
}

async function viaOsmand(s: Sent): Promise<string> {
  const query = new URLSearchParams({
    id: 'phone-q',
    lat: String(s.lat),
    lon: String(s.lon),
    timestamp: String(s.at),
  });
  const res = await fetch(`${ctx.server.app.osmandUrl}/?${query.toString()}`);
  // An unreadable report is a 400 (the phone keeps it), with the reason.
  expect(res.status).toBe(s.lat === 'NaN' ? 400 : 200);
  return (res.headers.get('fleetlight-fix') ?? '').replace(/^rejected /, '');
}

describe('bad GPS data over HTTP ingest and OsmAnd', () => {
  it('answers each bad fix with its reason, the same for both sources', async () => {
    const http: string[] = [];
    const osmand: string[] = [];
    for (const [, sent] of SEQUENCE) {
      http.push(await viaHttp(sent));
      osmand.push(await viaOsmand(sent));
    }

    expect(http).toEqual(SEQUENCE.map(([reason]) => reason));
    expect(osmand).toEqual(SEQUENCE.map(([reason]) => reason));
    expect(ctx.server.app.state.state('veh-http')?.fix.deviceTime).toBe(T0);
    expect(ctx.server.app.state.state('veh-osmand')?.fix.deviceTime).toBe(T0);
  });

  it('shows the same quarantine by vehicle and by device', async () => {
    const byVehicle = await quarantine(`${FLEET}/vehicles/veh-http`);
    const byDevice = await quarantine(`${FLEET}/devices/phone-q`);

    expect(byVehicle.status).toBe(200);
    expect(byDevice.status).toBe(200);
    const v = (await byVehicle.json()) as QuarantineAnswer;
    const d = (await byDevice.json()) as QuarantineAnswer;
    expect(v).toMatchObject({
      fleet_id: FLEET,
      vehicle_id: 'veh-http',
      rejected: 5,
      rejected_by_reason: EXPECTED_REASONS,
    });
    expect(d).toMatchObject({
      fleet_id: FLEET,
      device_id: 'phone-q',
      vehicle_id: 'veh-osmand',
      rejected: 5,
      rejected_by_reason: EXPECTED_REASONS,
    });
    expect(v.recent.map((r) => r.reason)).toEqual([
      'teleport',
      'invalid_coordinates',
      'coordinates_out_of_range',
      'future_time',
      'no_fix',
    ]);
    expect(v.recent[0]).toMatchObject({
      device_time: new Date(T0 + 30_000).toISOString(),
      lat: 40.71,
      lon: -74,
      message: expect.stringContaining('km/h'),
    });
  });

  it('counts each reason in fleetlight_ingest_rejected_total', async () => {
    const text = await (await fetch(`${ctx.server.base}/metrics`)).text();

    expect(text).toContain('fleetlight_ingest_rejected_total{reason="teleport"} 2');
    expect(text).toContain('fleetlight_ingest_rejected_total{reason="no_fix"} 2');
  });

  it('is for admins of the fleet only', async () => {
    const viewer = await quarantine(`${FLEET}/vehicles/veh-http`, ctx.keys.viewer);
    const dispatcher = await quarantine(`${FLEET}/devices/phone-q`, ctx.keys.dispatcher);
    const other = await quarantine(`${FLEET}/vehicles/veh-http`, ctx.keys.otherAdmin);

    expect([viewer.status, dispatcher.status, other.status]).toEqual([403, 403, 404]);
  });

  it('answers a vehicle or device of another fleet like an unknown one', async () => {
    const vehicle = await quarantine(`elsewhere/vehicles/veh-http`, ctx.keys.otherAdmin);
    const device = await quarantine(`elsewhere/devices/phone-q`, ctx.keys.otherAdmin);
    const unknown = await quarantine(`${FLEET}/vehicles/nobody`);

    expect([vehicle.status, device.status, unknown.status]).toEqual([404, 404, 404]);
    expect(await vehicle.json()).toEqual({
      error: {
        code: 'not_found',
        message: 'No vehicle veh-http in fleet elsewhere is visible to this key',
      },
    });
  });
});
