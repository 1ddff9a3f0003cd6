import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Device, LocationUpdate, SourcesResponse } from '../../lib/protocol';
import type { Socket } from 'socket.io-client';
import {
  austinSample,
  bearer,
  FLEET,
  postJson,
  startSourceServer,
  until,
  watchFleet,
  type SourceServer,
} from '../support/sources';

let ctx: SourceServer;
let watch: { socket: Socket; updates: LocationUpdate[] };
/** Real fixes of one Austin bus, a minute ago and before. */
const [A, B, C] = austinSample(1, 3);

beforeAll(async () => {
  ctx = await startSourceServer({ OSMAND_PORT: '0' });
  watch = await watchFleet(ctx.server, ctx.keys.viewer);
  await register({ device_id: '123456', vehicle_id: 'phone-1', label: 'Driver phone' });
});

afterAll(async () => {
  watch?.socket.disconnect();
  await ctx?.server.close();
});

function register(body: unknown, key = ctx.keys.admin): Promise<Response> {
  return postJson(`${ctx.server.base}/v1/fleets/${FLEET}/devices`, body, key);
}

function osmand(query: string, init?: RequestInit): Promise<Response> {
  return fetch(`${ctx.server.app.osmandUrl}/${query}`, init);
}

function newest(vehicleId: string): LocationUpdate | undefined {
  return watch.updates.findLast((u) => u.payload.vehicle_id === vehicleId);
}

describe('the OsmAnd protocol', () => {
  it("places a phone on the map from the documentation's request", async () => {
    if (!A) throw new Error('no Austin sample');
    // https://www.traccar.org/osmand/:
    // /?id=123456&lat={0}&lon={1}&timestamp={2}&hdop={3}&altitude={4}&speed={5}
    const res = await osmand(
      `?id=123456&lat=${A.lat}&lon=${A.lon}&timestamp=${A.time / 1000}` +
        `&hdop=1.4&altitude=163.5&speed=27`,
    );

    expect(res.status).toBe(200);
    expect(await res.text()).toBe('');
    expect(res.headers.get('fleetlight-fix')).toBe('accepted');
    await until(() => newest('phone-1') !== undefined, 'the phone on vehicle_locations');
    const u = newest('phone-1');
    expect(u?.payload).toMatchObject({
      vehicle_id: 'phone-1',
      fleet_id: FLEET,
      timestamp: new Date(A.time).toISOString(),
      // 27 knots: the protocol's unit (field case C07).
      location: { latitude: A.lat, longitude: A.lon, altitude: 163.5, speed: 50 },
    });
  });

  it('takes a form post on the main port at /osmand', async () => {
    if (!B) throw new Error('no Austin sample');
    const res = await fetch(`${ctx.server.base}/osmand`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: `id=123456&lat=${B.lat}&lon=${B.lon}&timestamp=${B.time}&bearing=93&speed=10`,
    });

    expect(res.status).toBe(200);
    await until(
      () => newest('phone-1')?.payload.timestamp === new Date(B.time).toISOString(),
      'the form post',
    );
    expect(newest('phone-1')?.payload.location).toMatchObject({
      heading: 93,
      speed: 18.5,
    });
  });

  it('takes the JSON body of Traccar Client 9, where speed is in m/s', async () => {
    if (!C) throw new Error('no Austin sample');
    const body = {
      location: {
        timestamp: new Date(C.time).toISOString(),
        coords: {
          latitude: C.lat,
          longitude: C.lon,
          accuracy: 4.8,
          speed: 12.5,
          heading: -1,
          altitude: 170,
        },
        is_moving: true,
        odometer: 1200,
        event: 'motionchange',
        battery: { level: 0.62, is_charging: false },
        activity: { type: 'in_vehicle' },
        extras: {},
      },
      device_id: '123456',
    };
    const res = await postJson(`${ctx.server.app.osmandUrl}/`, body);

    expect(res.status).toBe(200);
    await until(
      () => newest('phone-1')?.payload.timestamp === new Date(C.time).toISOString(),
      'the JSON report',
    );
    const location = newest('phone-1')?.payload.location;
    expect(location).toMatchObject({ speed: 45, accuracy: 4.8, altitude: 170 });
    // -1 is the SDK's "unknown", not a bearing: the heading is derived instead.
    expect(location?.heading).not.toBe(-1);
  });

  it('answers a resent report 200 as a duplicate', async () => {
    if (!A) throw new Error('no Austin sample');
    const res = await osmand(
      `?id=123456&lat=${A.lat}&lon=${A.lon}&timestamp=${A.time / 1000}`,
    );

    expect(res.status).toBe(200);
    expect(res.headers.get('fleetlight-fix')).toBe('duplicate');
  });

  it('acknowledges a fix the policy refuses, so the phone can drop it', async () => {
    const stamp = Math.floor(Date.now() / 1000);
    const noFix = await osmand(`?id=123456&lat=0&lon=0&timestamp=${stamp}`);
    const invalid = await osmand(
      `?id=123456&lat=30.2&lon=-97.7&timestamp=${stamp}&valid=false`,
    );
    const ahead = await osmand(
      `?id=123456&lat=30.2&lon=-97.7&timestamp=${stamp + 86_400}`,
    );

    expect([noFix.status, invalid.status, ahead.status]).toEqual([200, 200, 200]);
    expect(noFix.headers.get('fleetlight-fix')).toBe('rejected no_fix');
    expect(invalid.headers.get('fleetlight-fix')).toBe('rejected no_fix');
    expect(ahead.headers.get('fleetlight-fix')).toBe('rejected future_time');
  });

  it('answers 400 to a request it cannot read', async () => {
    const comma = await osmand('?id=123456&lat=52,52&lon=13.4');
    const zoneless = await osmand(
      '?id=123456&lat=30.2&lon=-97.7&timestamp=2024-05-01%2010:00:00',
    );
    const noId = await osmand('?lat=30.2&lon=-97.7');

    expect(await comma.json()).toEqual({
      error: {
        code: 'invalid_message',
        message: 'lat and lon must be decimal degrees with a point',
      },
    });
    expect(await zoneless.json()).toEqual({
      error: {
        code: 'invalid_message',
        message: 'timestamp: time "2024-05-01 10:00:00" has no zone; add Z or ±hh:mm',
      },
    });
    expect(noId.status).toBe(400);
  });

  it('answers 404 to a device nobody registered, and counts it', async () => {
    const res = await osmand('?id=999999&lat=30.2&lon=-97.7');

    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({
      error: {
        code: 'not_found',
        message:
          'Device 999999 is not registered; an admin registers it with POST /v1/fleets/{id}/devices',
      },
    });
    const metrics = await (await fetch(`${ctx.server.base}/metrics`)).text();
    expect(metrics).toContain(
      'fleetlight_source_fixes_total{source="osmand",outcome="rejected",reason="unknown_device"} 1',
    );
  });

  it("counts the phone's fixes in the fleet's source health", async () => {
    const res = await fetch(`${ctx.server.base}/v1/fleets/${FLEET}/sources`, {
      headers: bearer(ctx.keys.admin),
    });
    const osm = ((await res.json()) as SourcesResponse).sources.find(
      (s) => s.source === 'osmand',
    );

    expect(osm).toMatchObject({
      accepted: 3,
      duplicates: 1,
      rejected: 5,
      rejected_by_reason: {
        no_fix: 2,
        future_time: 1,
        invalid_coordinates: 1,
        invalid_time: 1,
      },
    });
  });
});

describe('device registration', () => {
  it('lists the fleet devices', async () => {
    const res = await fetch(`${ctx.server.base}/v1/fleets/${FLEET}/devices`, {
      headers: bearer(ctx.keys.admin),
    });
    const { devices } = (await res.json()) as { devices: Device[] };

    expect(devices).toEqual([
      {
        device_id: '123456',
        fleet_id: FLEET,
        vehicle_id: 'phone-1',
        label: 'Driver phone',
        kind: 'osmand',
        created_at: expect.any(String),
      },
    ]);
  });

  it('names the field of a bad registration', async () => {
    const res = await register({ device_id: 'has space' });

    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(
      /^device_id must be 1–64 letters, digits or \. _ : @ -\. Send/,
    );
  });

  it('refuses a device id another fleet holds', async () => {
    const res = await register({ device_id: '123456' }, ctx.keys.otherAdmin);
    const other = await postJson(
      `${ctx.server.base}/v1/fleets/elsewhere/devices`,
      { device_id: '123456' },
      ctx.keys.otherAdmin,
    );

    expect(res.status).toBe(404);
    expect(await other.json()).toEqual({
      error: {
        code: 'invalid_message',
        message: 'device 123456 is registered to another fleet',
      },
    });
  });

  it.each(['viewer', 'dispatcher'] as const)('refuses the %s role', async (role) => {
    const res = await register({ device_id: 'abc' }, ctx.keys[role]);
    expect(res.status).toBe(403);
  });

  it('deletes a device, after which its reports are refused', async () => {
    const foreign = await fetch(`${ctx.server.base}/v1/devices/123456`, {
      method: 'DELETE',
      headers: bearer(ctx.keys.otherAdmin),
    });
    expect(foreign.status).toBe(404);

    const res = await fetch(`${ctx.server.base}/v1/devices/123456`, {
      method: 'DELETE',
      headers: bearer(ctx.keys.admin),
    });
    expect(res.status).toBe(200);
    const after = await osmand('?id=123456&lat=30.2&lon=-97.7');
    expect(after.status).toBe(404);
  });
});
