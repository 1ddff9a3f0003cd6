import fs from 'node:fs';
import path from 'node:path';
import type { Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ImportReport, LocationUpdate, SourcesResponse } from '../../lib/protocol';
import { ROOT_DIR } from '../../server/config';
import type { TrackPoint } from '../../server/http/tracks';
import {
  austinSample,
  bearer,
  FLEET,
  postJson,
  startSourceServer,
  until,
  watchFleet,
  type AustinFix,
  type SourceServer,
} from '../support/sources';

const AUSTIN_HEADER =
  'vehicle_id,timestamp,speed,route_id,trip_id,latitude,longitude,trip_headsign';
const SAMPLE = austinSample(4, 5);

let ctx: SourceServer;
let watch: { socket: Socket; updates: LocationUpdate[] };

beforeAll(async () => {
  ctx = await startSourceServer({ IMPORT_MAX_BYTES: String(64 * 1024) });
  watch = await watchFleet(ctx.server, ctx.keys.viewer);
});

afterAll(async () => {
  watch?.socket.disconnect();
  await ctx?.server.close();
});

async function upload(
  query: string,
  body: string,
  key = ctx.keys.admin,
): Promise<Response> {
  return fetch(`${ctx.server.base}/v1/fleets/${FLEET}/imports?${query}`, {
    method: 'POST',
    headers: { 'Content-Type': 'text/csv', ...bearer(key) },
    body,
  });
}

async function report(res: Response): Promise<ImportReport> {
  expect(res.status).toBe(200);
  return (await res.json()) as ImportReport;
}

/** Rows as the CapMetrics day file writes them, on their recorded clock. */
function austinCsv(fixes: AustinFix[]): string {
  const rows = fixes.map((f) =>
    [f.busId, f.recordedIso, f.speedMs, f.routeId, f.tripId, f.lat, f.lon, 'x'].join(','),
  );
  return [AUSTIN_HEADER, ...rows].join('\r\n');
}

describe('history imports', () => {
  it('stores the rows as history and publishes none of them', async () => {
    const res = await upload('mode=history', austinCsv(SAMPLE));
    const body = await report(res);

    expect(body).toMatchObject({
      mode: 'history',
      format: 'austin',
      rows: SAMPLE.length,
      accepted: SAMPLE.length,
      duplicates: 0,
      rejected: 0,
      errors: [],
      errors_omitted: 0,
    });
    expect(body.vehicles).toEqual([...new Set(SAMPLE.map((f) => f.vehicleId))].sort());

    // A live fix after the import: when it arrives, any broadcast of the
    // history would have arrived before it.
    const live = await postJson(
      `${ctx.server.base}/v1/ingest/positions`,
      {
        fixes: [
          {
            vehicle_id: 'sentinel',
            timestamp: new Date().toISOString(),
            lat: 30.2,
            lon: -97.7,
          },
        ],
      },
      ctx.keys.admin,
    );
    expect(live.status).toBe(200);
    await until(
      () => watch.updates.some((u) => u.payload.vehicle_id === 'sentinel'),
      'the sentinel',
    );
    const imported = new Set(body.vehicles);
    expect(watch.updates.filter((u) => imported.has(u.payload.vehicle_id))).toEqual([]);
    expect(ctx.server.app.state.state(SAMPLE[0]?.vehicleId ?? '')).toBeUndefined();
  });

  it('keeps the recorded times, so the track answers the recorded day', async () => {
    const bus = SAMPLE[0];
    const times = SAMPLE.filter((f) => f.vehicleId === bus?.vehicleId).map(
      (f) => f.recordedIso,
    );
    const res = await fetch(
      `${ctx.server.base}/v1/vehicles/${bus?.vehicleId}/track` +
        `?from=2016-12-16T13:00:00Z&to=2016-12-16T15:00:00Z`,
      { headers: bearer(ctx.keys.admin) },
    );
    const { points } = (await res.json()) as { points: TrackPoint[] };

    expect(points.map((p) => p.t)).toEqual(
      times.map((t) => new Date(t).toISOString()).sort(),
    );
  });

  it('finds every row of a second upload a duplicate', async () => {
    const body = await report(await upload('mode=history', austinCsv(SAMPLE)));

    expect(body).toMatchObject({ accepted: 0, duplicates: SAMPLE.length, rejected: 0 });
  });

  it('reports each refused row with its number, code and message', async () => {
    const good = SAMPLE.slice(0, 2);
    const text = [
      austinCsv(good),
      '1234,2016-12-16T08:00:00,4.4704,1,100,30.2,-97.7,x',
      '1234,2016-12-16T08:00:00-06:00,4.4704,1,100,0,0,x',
      '1234,2016-12-16T08:00:00-06:00,4.4704,1,100,95.1,-97.7,x',
      'only,three,fields',
    ].join('\n');
    const body = await report(await upload('mode=history&format=austin', text));

    expect(body).toMatchObject({ rows: 6, accepted: 0, duplicates: 2, rejected: 4 });
    expect(body.errors).toEqual([
      { row: 3, code: 'invalid_time', message: 'timestamp is not ISO 8601 with a zone' },
      { row: 4, code: 'no_fix', message: 'position 0,0 means the device had no GPS fix' },
      {
        row: 5,
        code: 'invalid_coordinates',
        message: 'latitude or longitude is missing or out of range',
      },
      {
        row: 6,
        code: 'unreadable_row',
        message: 'the row has more or fewer fields than the header',
      },
    ]);
  });

  it('lists the first 100 refused rows and counts the rest', async () => {
    const bad = Array.from({ length: 130 }, (_, i) => `v${i},yesterday,30.2,-97.7`);
    const body = await report(
      await upload('mode=history', ['vehicle_id,timestamp,lat,lon', ...bad].join('\n')),
    );

    expect(body).toMatchObject({ format: 'generic', rejected: 130, errors_omitted: 30 });
    expect(body.errors).toHaveLength(100);
    expect(body.errors[99]).toEqual({
      row: 100,
      code: 'invalid_time',
      message: 'time "yesterday" is not ISO 8601 with a zone',
    });
  });

  it('reads the VED extract with its engine readings', async () => {
    const file = path.join(ROOT_DIR, 'data/ved-ann-arbor/ved_trips.csv');
    const lines = fs.readFileSync(file, 'utf8').split('\r\n').slice(0, 121).join('\r\n');
    const body = await report(await upload('mode=history', lines));

    expect(body).toMatchObject({ format: 'ved', rows: 120, accepted: 120, rejected: 0 });
    expect(body.vehicles).toEqual(['car-298']);
  });

  it('refuses a generic file with an unknown column, before reading a row', async () => {
    const res = await upload(
      'mode=history',
      'vehicle_id,timestamp,lat,lon,speed\nv,0,1,2,3',
    );

    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({
      error: {
        code: 'invalid_message',
        message:
          'the header fits no known format: CapMetrics (vehicle_id,timestamp,speed,…), VED (DayNum,VehId,Trip,…) or generic (vehicle_id,timestamp,lat,lon[,…])',
      },
    });
  });
});

describe('replay imports', () => {
  it('plays a GPX track through a replayer, live on vehicle_locations', async () => {
    const bus = SAMPLE.filter((f) => f.vehicleId === SAMPLE[0]?.vehicleId);
    const points = bus.map(
      (f) =>
        `<trkpt lat="${f.lat}" lon="${f.lon}"><ele>160</ele><time>${f.recordedIso}</time>` +
        `<extensions><speed>${f.speedMs}</speed></extensions></trkpt>`,
    );
    const gpx =
      '<?xml version="1.0" encoding="UTF-8"?>\n' +
      '<gpx version="1.1" creator="test" xmlns="http://www.topografix.com/GPX/1/1">' +
      `<trk><name>Route 1 bus</name><trkseg>${points.join('')}</trkseg></trk></gpx>`;
    const res = await fetch(
      `${ctx.server.base}/v1/fleets/${FLEET}/imports?mode=replay&vehicle_id=gpx-bus&speed=1000`,
      {
        method: 'POST',
        headers: { 'Content-Type': 'application/gpx+xml', ...bearer(ctx.keys.admin) },
        body: gpx,
      },
    );
    const body = await report(res);

    expect(body).toMatchObject({
      format: 'gpx',
      accepted: bus.length,
      vehicles: ['gpx-bus'],
    });
    expect(body.replay).toMatchObject({ fixes: bus.length, speed: 1000, done: false });
    const last = bus.at(-1);
    await until(
      () =>
        watch.updates.some(
          (u) =>
            u.payload.vehicle_id === 'gpx-bus' &&
            u.payload.location.latitude === last?.lat,
        ),
      'the end of the replayed track',
    );
    const played = watch.updates.filter((u) => u.payload.vehicle_id === 'gpx-bus');
    expect(played.map((u) => u.payload.location.latitude)).toEqual(bus.map((f) => f.lat));
    expect(played.map((u) => u.payload.location.speed)).toEqual(
      bus.map((f) => f.speedKmh),
    );
    expect(ctx.server.app.state.vehicle('gpx-bus')).toMatchObject({
      label: 'Route 1 bus',
    });
  });

  it('lists the replay in the source view, done once played', async () => {
    let body: SourcesResponse | undefined;
    await until(() => {
      body = ctx.server.app.sources.health(FLEET);
      return body.replays.every((r) => r.done);
    }, 'the replay to end');

    expect(body?.replays).toHaveLength(1);
    expect(body?.sources.find((s) => s.source === 'import')).toMatchObject({
      accepted: SAMPLE.length + 120 + 5,
    });
  });

  it('reports GPX points it cannot use and refuses XML that is not well formed', async () => {
    const gpx =
      '<gpx><trk><trkseg>' +
      '<trkpt lat="30.2" lon="-97.7"><time>2016-12-16T08:00:00</time></trkpt>' +
      '<trkpt lat="30.2"><time>2016-12-16T08:00:00Z</time></trkpt>' +
      '<trkpt lat="30.2" lon="-97.7"></trkpt>' +
      '</trkseg></trk></gpx>';
    const body = await report(await upload('mode=replay&vehicle_id=gpx-2', gpx));
    const broken = await upload('mode=replay&vehicle_id=gpx-2', '<gpx><trk></gpx>');

    expect(body.errors.map((e) => [e.row, e.code])).toEqual([
      [1, 'invalid_time'],
      [2, 'invalid_coordinates'],
      [3, 'invalid_time'],
    ]);
    expect(body.replay).toBeUndefined();
    expect(broken.status).toBe(400);
  });

  it('needs vehicle_id for a GPX track', async () => {
    const res = await upload('mode=replay', '<gpx></gpx>');

    expect(await res.json()).toEqual({
      error: {
        code: 'invalid_message',
        message: 'a GPX track needs vehicle_id in the query',
      },
    });
  });
});

describe('the upload itself', () => {
  it('answers 413 past IMPORT_MAX_BYTES', async () => {
    const big = `vehicle_id,timestamp,lat,lon\n${'v,0,1,2\n'.repeat(10_000)}`;
    const res = await upload('mode=history', big);

    expect(res.status).toBe(413);
  });

  it('names a missing or wrong mode', async () => {
    const res = await upload('mode=live', 'x');

    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(
      /^mode /,
    );
  });

  it.each(['viewer', 'dispatcher'] as const)('refuses the %s role', async (role) => {
    const res = await upload('mode=history', austinCsv(SAMPLE), ctx.keys[role]);
    expect(res.status).toBe(403);
  });
});
