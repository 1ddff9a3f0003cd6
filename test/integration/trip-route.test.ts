import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TripRouteResponse } from '../../lib/protocol/trip-route';
import { keyOf, startServer, type TestServer } from '../support/server';

const BUSES = 'austin-metrorapid';
const CARS = 'ann-arbor';
const WAIT_MS = 30_000;

let server: TestServer;

beforeAll(async () => {
  server = await startServer();
});

afterAll(async () => {
  await server?.close();
});

function get(url: string, apiKey: string) {
  return fetch(server.base + url, { headers: { Authorization: `Bearer ${apiKey}` } });
}

async function errorOf(res: Response) {
  return ((await res.json()) as { error: { code: string; message: string } }).error;
}

/** A bus the engine follows on a timetabled trip. */
async function busOnTrip(): Promise<string> {
  const deadline = Date.now() + WAIT_MS;
  for (;;) {
    const bus = server.app.state
      .snapshot(BUSES)
      .find((s) => server.app.engine.vehicle(s.vehicleId)?.plannedRun);
    if (bus) return bus.vehicleId;
    if (Date.now() > deadline) throw new Error('no MetroRapid bus on a planned trip');
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function anyCar(): Promise<string> {
  const deadline = Date.now() + WAIT_MS;
  for (;;) {
    const car = server.app.state.snapshot(CARS)[0];
    if (car) return car.vehicleId;
    if (Date.now() > deadline) throw new Error('no Ann Arbor car reported');
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('GET /v1/vehicles/{id}/trip', () => {
  it("answers a bus's timetabled trip: stops, path through them, next stop", async () => {
    const busId = await busOnTrip();
    const run = server.app.engine.vehicle(busId)?.plannedRun;

    const res = await get(`/v1/vehicles/${busId}/trip`, keyOf(server, BUSES));

    expect(res.status).toBe(200);
    const body = (await res.json()) as TripRouteResponse;
    expect(body).toMatchObject({
      vehicle_id: busId,
      fleet_id: BUSES,
      trip_id: run?.plan.tripId,
      source: 'timetable',
    });
    expect(body.stops.length).toBe(run?.plan.stops.length);
    expect(body.path).toHaveLength(body.stops.length);
    const first = body.stops[0];
    expect(body.path[0]).toEqual([first?.longitude, first?.latitude]);
    expect(body.next_stop).toBeGreaterThanOrEqual(0);
    expect(body.next_stop).toBeLessThanOrEqual(body.stops.length);
    const times = body.stops.map((s) => Date.parse(s.planned_time));
    expect(times.every((t, i) => i === 0 || t >= (times[i - 1] ?? t))).toBe(true);
  });

  it("answers a car's REST plan before the car starts it", async () => {
    const carId = await anyCar();
    const key = keyOf(server, CARS);
    const start = Date.now() + 3 * 3_600_000;
    const stop = (k: number) => ({
      stop_id: `s${k}`,
      name: `Customer ${k}`,
      latitude: 42.28 + k / 100,
      longitude: -83.74,
      planned_time: new Date(start + k * 600_000).toISOString(),
    });
    const put = await fetch(`${server.base}/v1/vehicles/${carId}/plan`, {
      method: 'PUT',
      headers: { Authorization: `Bearer ${key}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ trip_id: 'later-run', stops: [stop(0), stop(1)] }),
    });
    expect(put.status).toBe(200);

    const res = await get(`/v1/vehicles/${carId}/trip`, key);

    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      vehicle_id: carId,
      fleet_id: CARS,
      trip_id: 'later-run',
      source: 'plan',
      next_stop: 0,
      stops: [stop(0), stop(1)],
      path: [
        [-83.74, 42.28],
        [-83.74, 42.29],
      ],
    });
  });

  it("answers another fleet's key as for an unknown vehicle", async () => {
    const busId = await busOnTrip();

    const res = await get(`/v1/vehicles/${busId}/trip`, keyOf(server, CARS));

    expect(res.status).toBe(404);
    expect(await errorOf(res)).toEqual({
      code: 'not_found',
      message: `No vehicle ${busId} is visible to this key`,
    });
  });

  it('answers 404 for a vehicle on no planned trip', async () => {
    await anyCar();
    const free = server.app.state
      .snapshot(CARS)
      .map((s) => s.vehicleId)
      .find(
        (id) =>
          !server.app.engine.vehicle(id)?.plannedRun &&
          !server.app.engine.plans.get(id, Date.now()),
      );
    if (!free) throw new Error('every car has a plan');

    const res = await get(`/v1/vehicles/${free}/trip`, keyOf(server, CARS));

    expect(res.status).toBe(404);
    expect(await errorOf(res)).toEqual({
      code: 'not_found',
      message: `Vehicle ${free} is on no planned trip`,
    });
  });

  it('refuses a request without a key', async () => {
    const busId = await busOnTrip();

    const res = await fetch(`${server.base}/v1/vehicles/${busId}/trip`);

    expect(res.status).toBe(401);
    expect((await errorOf(res)).code).toBe('missing_api_key');
  });
});
