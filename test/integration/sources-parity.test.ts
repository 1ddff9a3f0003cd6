import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { LocationUpdate } from '../../lib/protocol';
import { encodeFeed, type Feed } from '../../server/sources/gtfs-rt/feed';
import {
  austinSample,
  bearer,
  FLEET,
  newestByVehicle,
  postJson,
  startSourceServer,
  until,
  watchFleet,
  type AustinFix,
  type SourceServer,
} from '../support/sources';

/**
 * The promise: real Austin fixes sent through each source give
 * the same vehicles, at the same places and speeds, on the same channel.
 * Each source gets a fresh server so the vehicle ids can be the same.
 */
const SAMPLE = austinSample(12, 3);
const EXPECTED = newestByVehicle(SAMPLE);

let ctx: SourceServer | undefined;
let feedServer: http.Server | undefined;

afterEach(async () => {
  feedServer?.close();
  feedServer = undefined;
  await ctx?.server.close();
  ctx = undefined;
});

interface Case {
  name: string;
  env?: Record<string, string>;
  /** Carries trip and route ids (OsmAnd has no field for them). */
  trips: boolean;
  /** Largest position error the format allows, degrees. */
  tolerance: number;
  send(c: SourceServer, sample: AustinFix[]): Promise<void>;
}

const cases: Case[] = [
  { name: 'HTTP ingest', trips: true, tolerance: 0, send: viaHttp },
  {
    name: 'OsmAnd',
    env: { OSMAND_PORT: '0' },
    trips: false,
    tolerance: 0,
    send: viaOsmand,
  },
  // GTFS-rt carries positions as 32-bit floats: near longitude 97 one step
  // is 7.6e-6 degrees, so a value lies within half of it (0.4 m).
  { name: 'GTFS-realtime', trips: true, tolerance: 4.5e-6, send: viaGtfsRt },
  { name: 'file import (replay)', trips: true, tolerance: 0, send: viaImport },
];

describe.each(cases)('$name', (c) => {
  it('puts the real Austin buses on vehicle_locations where the recording has them', async () => {
    ctx = await startSourceServer(c.env);
    const { updates } = await watchFleet(ctx.server, ctx.keys.viewer);

    await c.send(ctx, SAMPLE);
    const latest = () => latestByVehicle(updates);
    await until(
      () => [...EXPECTED.values()].every((e) => matches(latest().get(e.vehicleId), e, c)),
      `the newest fix of ${EXPECTED.size} buses`,
    );

    const seen = latest();
    expect([...seen.keys()].sort()).toEqual([...EXPECTED.keys()].sort());
    for (const e of EXPECTED.values()) {
      const u = seen.get(e.vehicleId);
      expect(u?.channel).toBe('vehicle_locations');
      expect(u?.payload.fleet_id).toBe(FLEET);
      expect(u?.payload.location.speed).toBe(e.speedKmh);
      expect(Math.abs((u?.payload.location.latitude ?? 0) - e.lat)).toBeLessThanOrEqual(
        c.tolerance,
      );
      expect(Math.abs((u?.payload.location.longitude ?? 0) - e.lon)).toBeLessThanOrEqual(
        c.tolerance,
      );
      if (c.trips) expect(u?.payload.trip_id).toBe(e.tripId);
    }
  });
});

function latestByVehicle(updates: LocationUpdate[]): Map<string, LocationUpdate> {
  const latest = new Map<string, LocationUpdate>();
  for (const u of updates) latest.set(u.payload.vehicle_id, u);
  return latest;
}

function matches(u: LocationUpdate | undefined, e: AustinFix, c: Case): boolean {
  if (!u) return false;
  const { latitude, longitude, speed } = u.payload.location;
  return (
    Math.abs(latitude - e.lat) <= c.tolerance + 1e-9 &&
    Math.abs(longitude - e.lon) <= c.tolerance + 1e-9 &&
    speed === e.speedKmh
  );
}

async function viaHttp(c: SourceServer, sample: AustinFix[]): Promise<void> {
  const fixes = sample.map((f) => ({
    vehicle_id: f.vehicleId,
    timestamp: new Date(f.time).toISOString(),
    lat: f.lat,
    lon: f.lon,
    speed_kmh: f.speedKmh,
    trip_id: f.tripId,
    route_id: f.routeId,
  }));
  const res = await postJson(
    `${c.server.base}/v1/ingest/positions`,
    { fixes },
    c.keys.admin,
  );
  const body = (await res.json()) as { accepted: number };
  expect(res.status).toBe(200);
  expect(body.accepted).toBe(sample.length);
}

/** The request of https://www.traccar.org/osmand/: speed in knots, time in seconds. */
async function viaOsmand(c: SourceServer, sample: AustinFix[]): Promise<void> {
  for (const bus of new Set(sample.map((f) => f.busId))) {
    const res = await postJson(
      `${c.server.base}/v1/fleets/${FLEET}/devices`,
      { device_id: bus, vehicle_id: `bus-${bus}` },
      c.keys.admin,
    );
    expect(res.status).toBe(201);
  }
  const base = c.server.app.osmandUrl ?? '';
  for (const f of sample) {
    const query = new URLSearchParams({
      id: f.busId,
      lat: String(f.lat),
      lon: String(f.lon),
      timestamp: String(f.time / 1000),
      hdop: '1.2',
      altitude: '160',
      speed: String((f.speedKmh ?? 0) / 1.852),
    });
    const res = await fetch(`${base}/?${query}`);
    expect(res.status).toBe(200);
  }
}

/** The feed Capital Metro published, rebuilt from its decoded rows and served here. */
async function viaGtfsRt(c: SourceServer, sample: AustinFix[]): Promise<void> {
  const newest = [...newestByVehicle(sample).values()];
  const feed: Feed = {
    header: {
      gtfs_realtime_version: '2.0',
      timestamp: Math.floor(Date.now() / 1000),
    },
    entity: newest.map((f, i) => ({
      id: String(i + 1),
      vehicle: {
        trip: { trip_id: f.tripId ?? '', route_id: f.routeId ?? '' },
        vehicle: { id: f.busId, label: `Bus ${f.busId}` },
        position: { latitude: f.lat, longitude: f.lon, speed: f.speedMs ?? 0 },
        timestamp: f.time / 1000,
      },
    })),
  };
  const bytes = encodeFeed(feed);
  feedServer = http.createServer((_req, res) => {
    res.writeHead(200, { 'Content-Type': 'application/x-protobuf' });
    res.end(bytes);
  });
  await new Promise<void>((r) => feedServer?.listen(0, '127.0.0.1', r));
  const { port } = feedServer.address() as AddressInfo;

  const res = await postJson(
    `${c.server.base}/v1/fleets/${FLEET}/gtfs-rt`,
    {
      url: `http://127.0.0.1:${port}/vehicle-positions.pb`,
      interval_s: 5,
      vehicle_prefix: 'bus-',
    },
    c.keys.admin,
    'PUT',
  );
  expect(res.status).toBe(200);
}

/** The rows in the CapMetrics day-file format, uploaded and replayed. */
async function viaImport(c: SourceServer, sample: AustinFix[]): Promise<void> {
  const header =
    'vehicle_id,timestamp,speed,route_id,trip_id,latitude,longitude,trip_headsign';
  const rows = sample.map((f) =>
    [f.busId, f.recordedIso, f.speedMs, f.routeId, f.tripId, f.lat, f.lon, ''].join(','),
  );
  const res = await fetch(
    `${c.server.base}/v1/fleets/${FLEET}/imports?mode=replay&speed=1000`,
    {
      method: 'POST',
      headers: { 'Content-Type': 'text/csv', ...bearer(c.keys.admin) },
      body: [header, ...rows].join('\n'),
    },
  );
  const report = (await res.json()) as { format: string; accepted: number };
  expect(res.status).toBe(200);
  expect(report).toMatchObject({ format: 'austin', accepted: sample.length });
}
