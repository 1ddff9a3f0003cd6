import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TripPlan, TripPlanResponse } from '../../lib/protocol';
import { storeApiKey } from '../../server/auth/api-keys';
import type { VehicleState } from '../../server/fleet/vehicle-state';
import { loadVed } from '../../server/sources/ved';
import { keyOf, startServer, type TestServer } from '../support/server';
import { TestSocket } from '../support/ws-client';

const CARS = 'ann-arbor';
const TRIP = 'delivery-run-1';
const WAIT_MS = 20_000;

/** Physical time between the car's newest fix and the plan's first stop. */
const LEAD_MS = 60_000;
/** Physical time between planned stops, and how many there are. */
const STOP_EVERY_MS = 30_000;
const STOPS = 6;

let server: TestServer;
let key: string;

beforeAll(async () => {
  server = await startServer();
  key = keyOf(server, CARS);
});

afterAll(async () => {
  await server?.close();
});

function request(method: string, url: string, apiKey: string, body?: string) {
  return fetch(server.base + url, {
    method,
    headers: { Authorization: `Bearer ${apiKey}`, 'Content-Type': 'application/json' },
    ...(body !== undefined && { body }),
  });
}

async function carsReporting(): Promise<VehicleState[]> {
  const deadline = Date.now() + WAIT_MS;
  for (;;) {
    const cars = server.app.state.snapshot(CARS);
    if (cars.length > 0) return cars;
    if (Date.now() > deadline) throw new Error('no Ann Arbor car reported');
    await new Promise((r) => setTimeout(r, 50));
  }
}

/**
 * A plan along the recorded road ahead of one car: stops where its
 * recording puts it every STOP_EVERY_MS from LEAD_MS on, each planned for
 * when the replay will get there on the device clock. Takes the car with
 * the most of its current recorded trip still ahead.
 */
async function planAhead(): Promise<{ vehicleId: string; plan: TripPlan }> {
  const ved = loadVed(
    path.join(server.app.config.projectDataDir, 'ved-ann-arbor/ved_trips.csv'),
  );
  const speed = server.app.config.replaySpeed;

  const candidates = (await carsReporting()).map((s) => {
    const from = (s.fix.sourceTime ?? 0) + LEAD_MS;
    const ahead = ved.recording.fixes.filter(
      (r) =>
        r.fix.vehicleId === s.vehicleId &&
        r.fix.tripId === s.fix.tripId &&
        r.recordedTime >= from,
    );
    return { s, ahead, from };
  });
  candidates.sort((a, b) => b.ahead.length - a.ahead.length);
  const best = candidates[0];
  if (!best) throw new Error('no car to plan for');

  const { s, ahead, from } = best;
  const stops = Array.from({ length: STOPS }, (_, k) => {
    const r = ahead.find((x) => x.recordedTime >= from + k * STOP_EVERY_MS);
    if (!r) throw new Error(`${s.vehicleId} has too little of its trip left`);
    const device = s.fix.deviceTime + (r.recordedTime - (s.fix.sourceTime ?? 0)) / speed;
    return {
      stop_id: `stop-${k}`,
      name: `Customer ${k}`,
      latitude: r.fix.lat,
      longitude: r.fix.lon,
      planned_time: new Date(Math.round(device)).toISOString(),
      ...(k === 2 && { activity_type: 'delivery' as const }),
    };
  });
  return { vehicleId: s.vehicleId, plan: { trip_id: TRIP, stops } };
}

describe('PUT /v1/vehicles/{id}/plan', () => {
  it('has the engine follow the plan: waypoints with delays, progress with an ETA', async () => {
    const socket = await TestSocket.open(`${server.wsBase}/v1/streaming/websocket`);
    socket.send({
      type: 'auth',
      payload: { api_key: key, subscriptions: ['trip_events', 'route_progress'] },
    });
    await socket.next((m) => m.type === 'auth_success');
    const { vehicleId, plan } = await planAhead();

    const res = await request(
      'PUT',
      `/v1/vehicles/${vehicleId}/plan`,
      key,
      JSON.stringify(plan),
    );

    expect(res.status).toBe(200);
    const body = (await res.json()) as TripPlanResponse;
    expect(body).toMatchObject({ vehicle_id: vehicleId, fleet_id: CARS, ...plan });
    const mine = (m: { payload: { vehicle_id?: string; trip_id?: unknown } }) =>
      m.payload.vehicle_id === vehicleId && m.payload.trip_id === TRIP;
    const waypoint = await socket.next(
      (m) => m.payload['event'] === 'waypoint_reached' && mine(m),
      WAIT_MS,
    );
    const progress = await socket.next(
      (m) => m.channel === 'route_progress' && mine(m),
      WAIT_MS,
    );
    socket.close();

    const wp = waypoint.payload['waypoint'] as Record<string, unknown>;
    const stop = plan.stops.find((x) => x.stop_id === wp['waypoint_id']);
    // Device → physical → device: the replay rounds its clocks to the ms.
    const drift =
      Date.parse(String(wp['planned_time'])) - Date.parse(stop?.planned_time ?? '');
    expect(Math.abs(drift)).toBeLessThanOrEqual(2);
    // The stops lie where the recording puts the car at their times.
    expect(Math.abs(Number(wp['delay_minutes']))).toBeLessThanOrEqual(1);
    expect(waypoint.payload['route_update']).toMatchObject({
      completed_stops: expect.any(Number),
      remaining_stops: expect.any(Number),
    });
    expect(progress.payload).toMatchObject({
      fleet_id: CARS,
      eta: expect.stringMatching(/Z$/),
      completed_stops: expect.any(Number),
    });
  });

  it('answers the plan on GET until it ends', async () => {
    const { vehicleId, plan } = await planAhead();
    await request('PUT', `/v1/vehicles/${vehicleId}/plan`, key, JSON.stringify(plan));

    const res = await request('GET', `/v1/vehicles/${vehicleId}/plan`, key);

    expect(res.status).toBe(200);
    const body = (await res.json()) as TripPlanResponse;
    const first = Date.parse(plan.stops[0]?.planned_time ?? '');
    expect(body).toMatchObject({ vehicle_id: vehicleId, trip_id: TRIP });
    expect(Date.parse(body.active_from)).toBe(first - 30 * 60_000);
  });

  it('rejects a plan with one stop, naming the field', async () => {
    const { vehicleId, plan } = await planAhead();
    const one = { ...plan, stops: plan.stops.slice(0, 1) };

    const res = await request(
      'PUT',
      `/v1/vehicles/${vehicleId}/plan`,
      key,
      JSON.stringify(one),
    );

    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({
      error: { code: 'invalid_message', message: 'stops must hold at least 2 stops' },
    });
  });

  it('rejects a plan that ended over an hour ago', async () => {
    const { vehicleId, plan } = await planAhead();
    const old = plan.stops.map((s, i) => ({
      ...s,
      planned_time: new Date(Date.UTC(2020, 0, 1, 8, i)).toISOString(),
    }));

    const res = await request(
      'PUT',
      `/v1/vehicles/${vehicleId}/plan`,
      key,
      JSON.stringify({ ...plan, stops: old }),
    );

    expect(res.status).toBe(400);
    const { error } = (await res.json()) as { error: { code: string; message: string } };
    expect(error.message).toBe(
      `stops[${STOPS - 1}].planned_time is over an hour ago; the plan would never be followed`,
    );
  });

  it('rejects a body that is not JSON', async () => {
    const { vehicleId } = await planAhead();

    const res = await request('PUT', `/v1/vehicles/${vehicleId}/plan`, key, '{trip');

    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe(
      'malformed_json',
    );
  });

  it('refuses a viewer with role_forbidden', async () => {
    const viewer = 'flk_viewer-key-for-the-plans-test-0';
    await storeApiKey(server.app.db, viewer, {
      role: 'viewer',
      label: 'plans test',
      fleets: [CARS],
    });
    const { vehicleId, plan } = await planAhead();

    const res = await request(
      'PUT',
      `/v1/vehicles/${vehicleId}/plan`,
      viewer,
      JSON.stringify(plan),
    );

    expect(res.status).toBe(403);
    expect(await res.json()).toEqual({
      error: { code: 'role_forbidden', message: 'The viewer role may not do this' },
    });
  });

  it('answers a vehicle of another fleet exactly like an unknown one', async () => {
    const { plan } = await planAhead();
    const bus = server.app.state.snapshot('austin-metrobus')[0]?.vehicleId ?? 'bus-?';
    const put = (id: string) =>
      request('PUT', `/v1/vehicles/${id}/plan`, key, JSON.stringify(plan));

    const foreign = await put(bus);
    const unknown = await put('car-0');

    expect([foreign.status, unknown.status]).toEqual([404, 404]);
    expect(await foreign.json()).toEqual({
      error: { code: 'not_found', message: `No vehicle ${bus} is visible to this key` },
    });
    expect(await unknown.json()).toEqual({
      error: { code: 'not_found', message: 'No vehicle car-0 is visible to this key' },
    });
  });
});

describe('GET /v1/vehicles/{id}/plan', () => {
  it('answers 404 for a vehicle without a plan', async () => {
    const cars = await carsReporting();
    const free = cars.find((c) => !server.app.engine.plans.get(c.vehicleId, Date.now()));
    if (!free) throw new Error('every car has a plan');

    const res = await request('GET', `/v1/vehicles/${free.vehicleId}/plan`, key);

    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({
      error: { code: 'not_found', message: `Vehicle ${free.vehicleId} has no plan` },
    });
  });
});
