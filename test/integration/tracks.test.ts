import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TrackPoint } from '../../server/http/tracks';
import type { VehicleState } from '../../server/fleet/vehicle-state';
import { keyOf, startServer, type TestServer } from '../support/server';

const CARS = 'ann-arbor';
const BUSES = 'austin-metrobus';
const WAIT_MS = 20_000;

interface Track {
  points: TrackPoint[];
  truncated: boolean;
}

let server: TestServer;
let key: string;
let car: VehicleState;

beforeAll(async () => {
  server = await startServer();
  key = keyOf(server, CARS);
  car = await storedCar();
});

afterAll(async () => {
  await server?.close();
});

/** A car on a trip with a few positions on disk. */
async function storedCar(): Promise<VehicleState> {
  const deadline = Date.now() + WAIT_MS;
  for (;;) {
    const found = server.app.state.snapshot(CARS).find((s) => s.fix.tripId);
    if (found) {
      await new Promise((r) => setTimeout(r, 1500));
      const latest = server.app.state.state(found.vehicleId);
      if (latest) return latest;
    }
    if (Date.now() > deadline) throw new Error('no Ann Arbor car on a trip');
    await new Promise((r) => setTimeout(r, 100));
  }
}

function get(url: string, apiKey = key) {
  return fetch(server.base + url, { headers: { Authorization: `Bearer ${apiKey}` } });
}

async function errorOf(res: Response) {
  return ((await res.json()) as { error: { code: string; message: string } }).error;
}

describe('GET /v1/vehicles/{id}/track', () => {
  it('answers the stored positions of a window, oldest first', async () => {
    const to = new Date(car.fix.deviceTime).toISOString();
    const from = new Date(car.fix.deviceTime - 3_600_000).toISOString();

    const res = await get(`/v1/vehicles/${car.vehicleId}/track?from=${from}&to=${to}`);

    expect(res.status).toBe(200);
    const body = (await res.json()) as Track;
    expect(body.points.length).toBeGreaterThan(1);
    expect(body.truncated).toBe(false);
    const times = body.points.map((p) => Date.parse(p.t));
    expect(times).toEqual([...times].sort((a, b) => a - b));
    expect(times.every((t) => t >= Date.parse(from) && t <= Date.parse(to))).toBe(true);
    expect(body.points[0]).toEqual({
      t: expect.any(String),
      lat: expect.any(Number),
      lon: expect.any(Number),
      speed: expect.any(Number),
    });
  });

  it('refuses a window over 24 h', async () => {
    const res = await get(
      `/v1/vehicles/${car.vehicleId}/track?from=2024-01-01T00:00:00Z&to=2024-01-02T00:00:01Z`,
    );

    expect(res.status).toBe(400);
    expect((await errorOf(res)).message).toBe('from and to must lie at most 24 h apart');
  });

  it('names a missing or malformed time', async () => {
    const res = await get(`/v1/vehicles/${car.vehicleId}/track?from=yesterday`);

    expect(res.status).toBe(400);
    expect(await errorOf(res)).toEqual({
      code: 'invalid_message',
      message: 'from must be an ISO 8601 time',
    });
  });

  it('answers a vehicle of another fleet like an unknown one', async () => {
    const bus = server.app.state.snapshot(BUSES)[0];
    const window = 'from=2024-01-01T00:00:00Z&to=2024-01-01T01:00:00Z';

    const other = await get(`/v1/vehicles/${bus?.vehicleId ?? 'x'}/track?${window}`);
    const unknown = await get(`/v1/vehicles/no-such-car/track?${window}`);

    expect(other.status).toBe(404);
    expect(unknown.status).toBe(404);
  });
});

describe('GET /v1/trips/{id}/track', () => {
  it('answers the positions stored with the trip id', async () => {
    const tripId = car.fix.tripId ?? '';

    const res = await get(`/v1/trips/${encodeURIComponent(tripId)}/track`);

    expect(res.status).toBe(200);
    const body = (await res.json()) as Track & { trip_id: string; vehicle_ids: string[] };
    expect(body.trip_id).toBe(tripId);
    expect(body.vehicle_ids).toEqual([car.vehicleId]);
    expect(body.points.length).toBeGreaterThan(0);
  });

  it('answers a trip of another fleet like an unknown one', async () => {
    const busKey = keyOf(server, BUSES);
    const tripId = car.fix.tripId ?? '';

    const other = await get(`/v1/trips/${encodeURIComponent(tripId)}/track`, busKey);
    const unknown = await get('/v1/trips/no-such-trip/track');

    expect(other.status).toBe(404);
    expect(unknown.status).toBe(404);
    expect((await errorOf(other)).message).toBe(
      `No trip ${tripId} is visible to this key`,
    );
  });
});
