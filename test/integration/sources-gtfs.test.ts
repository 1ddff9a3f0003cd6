import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GtfsRtFeed, SourcesResponse } from '../../lib/protocol';
import { encodeFeed } from '../../server/sources/gtfs-rt/feed';
import {
  austinSample,
  bearer,
  FLEET,
  newestByVehicle,
  postJson,
  startSourceServer,
  until,
  type SourceServer,
} from '../support/sources';
import { TestSocket } from '../support/ws-client';

const NEWEST = [...newestByVehicle(austinSample(8, 1)).values()];

let ctx: SourceServer;
let feedServer: http.Server;
let feedUrl: string;

/** The feed, rebuilt from the recorded rows of the CapMetrics day file. */
const FEED = encodeFeed({
  header: { gtfs_realtime_version: '2.0', timestamp: Math.floor(Date.now() / 1000) },
  entity: NEWEST.map((f) => ({
    id: f.busId,
    vehicle: {
      trip: { trip_id: f.tripId ?? '', route_id: f.routeId ?? '' },
      vehicle: { id: f.busId, label: `Bus ${f.busId}` },
      position: {
        latitude: f.lat,
        longitude: f.lon,
        speed: f.speedMs ?? 0,
        bearing: 270,
      },
      timestamp: f.time / 1000,
    },
  })),
});

beforeAll(async () => {
  ctx = await startSourceServer();
  feedServer = http.createServer((_req, res) => {
    res.writeHead(200, { 'Content-Type': 'application/x-protobuf' });
    res.end(FEED);
  });
  await new Promise<void>((r) => feedServer.listen(0, '127.0.0.1', r));
  feedUrl = `http://127.0.0.1:${(feedServer.address() as AddressInfo).port}/vp.pb`;
});

afterAll(async () => {
  feedServer?.close();
  await ctx?.server.close();
});

function putFeed(body: unknown, key = ctx.keys.admin): Promise<Response> {
  return postJson(`${ctx.server.base}/v1/fleets/${FLEET}/gtfs-rt`, body, key, 'PUT');
}

describe('a GTFS-realtime feed', () => {
  it('brings its vehicles to Bookovia subscribers with their positions and speeds', async () => {
    const ws = await TestSocket.open(
      `${ctx.server.wsBase}/v1/streaming/websocket?api_key=${ctx.keys.viewer}` +
        `&fleet_id=${FLEET}&subscriptions=vehicle_locations`,
    );
    await ws.next((m) => m.type === 'auth_success');

    const res = await putFeed({ url: feedUrl, interval_s: 30, vehicle_prefix: 'bus-' });
    expect(res.status).toBe(200);
    const updates = await ws.collect((m) => m.type === 'location_update', NEWEST.length);

    const byVehicle = new Map(updates.map((u) => [u.payload.vehicle_id, u.payload]));
    expect([...byVehicle.keys()].sort()).toEqual(NEWEST.map((f) => f.vehicleId).sort());
    for (const f of NEWEST) {
      const p = byVehicle.get(f.vehicleId) as {
        timestamp: string;
        trip_id: string;
        location: { latitude: number; longitude: number; speed: number; heading: number };
      };
      expect(p.timestamp).toBe(new Date(f.time).toISOString());
      expect(p.trip_id).toBe(f.tripId);
      expect(p.location.speed).toBe(f.speedKmh);
      expect(p.location.heading).toBe(270);
      // 32-bit floats on the wire: within half a step (7.6e-6° near 97° W).
      expect(Math.abs(p.location.latitude - f.lat)).toBeLessThan(4.5e-6);
      expect(Math.abs(p.location.longitude - f.lon)).toBeLessThan(4.5e-6);
    }
    ws.ws.close();
  });

  it("registers the feed's vehicles with their labels", async () => {
    const first = NEWEST[0];
    expect(ctx.server.app.state.vehicle(first?.vehicleId ?? '')).toMatchObject({
      fleetId: FLEET,
      label: `Bus ${first?.busId}`,
    });
  });

  it('reports the last poll and counts the vehicles', async () => {
    await until(
      () => (ctx.server.app.sources.feed(FLEET)?.last_poll ?? null) !== null,
      'a poll',
    );
    const res = await fetch(`${ctx.server.base}/v1/fleets/${FLEET}/sources`, {
      headers: bearer(ctx.keys.admin),
    });
    const body = (await res.json()) as SourcesResponse;

    expect(body.gtfs_rt).toMatchObject({
      url: feedUrl,
      interval_s: 30,
      vehicle_prefix: 'bus-',
      last_poll: { result: 'ok', vehicles: NEWEST.length },
    });
    expect(body.sources.find((s) => s.source === 'gtfs-rt')).toMatchObject({
      accepted: NEWEST.length,
      errors: 0,
    });
  });

  it('names the field of a bad configuration', async () => {
    const res = await putFeed({ url: 'ftp://example.org/feed', interval_s: 1 });

    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(
      /^url must be an http:\/\/ or https:\/\/ URL\. Send/,
    );
  });

  it.each(['viewer', 'dispatcher'] as const)('refuses the %s role', async (role) => {
    const res = await putFeed({ url: feedUrl }, ctx.keys[role]);
    expect(res.status).toBe(403);
  });

  it('stops polling once deleted', async () => {
    const res = await fetch(`${ctx.server.base}/v1/fleets/${FLEET}/gtfs-rt`, {
      method: 'DELETE',
      headers: bearer(ctx.keys.admin),
    });
    expect(res.status).toBe(200);

    const after = await fetch(`${ctx.server.base}/v1/fleets/${FLEET}/gtfs-rt`, {
      headers: bearer(ctx.keys.admin),
    });
    expect(after.status).toBe(404);
    expect(ctx.server.app.sources.feed(FLEET)).toBeNull();
  });
});

describe('a feed on a private address', () => {
  it('is refused unless GTFS_RT_ALLOW_PRIVATE=on, and the refusal counted', async () => {
    const strict = await startSourceServer({ GTFS_RT_ALLOW_PRIVATE: 'off' });
    try {
      const res = await postJson(
        `${strict.server.base}/v1/fleets/${FLEET}/gtfs-rt`,
        { url: feedUrl },
        strict.keys.admin,
        'PUT',
      );
      expect(res.status).toBe(200);
      let feed: GtfsRtFeed | null = null;
      await until(() => {
        feed = strict.server.app.sources.feed(FLEET);
        return (feed?.last_poll ?? null) !== null;
      }, 'the refused poll');

      expect(feed).toMatchObject({
        last_poll: {
          result: 'address_refused',
          message:
            '127.0.0.1 is a private or special address; set GTFS_RT_ALLOW_PRIVATE=on to poll it',
        },
      });
      const health = strict.server.app.sources.health(FLEET);
      expect(health.sources.find((s) => s.source === 'gtfs-rt')?.errors_by_kind).toEqual({
        address_refused: 1,
      });
      expect(strict.server.app.state.vehiclesOf(FLEET)).toEqual([]);
    } finally {
      await strict.server.close();
    }
  });
});
