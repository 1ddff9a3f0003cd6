import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { storeApiKey } from '../../server/auth/api-keys';
import { keyOf, SHARED_KEY, startServer, type TestServer } from '../support/server';

let server: TestServer;

beforeAll(async () => {
  server = await startServer();
});

afterAll(async () => {
  await server.close();
});

function get(path: string, key?: string): Promise<Response> {
  const headers: Record<string, string> = key ? { Authorization: `Bearer ${key}` } : {};
  return fetch(server.base + path, { headers });
}

describe('GET /v1/fleets', () => {
  it('lists only the fleets the key may see, with vehicle counts', async () => {
    const res = await get('/v1/fleets', keyOf(server, 'ann-arbor'));
    expect(res.status).toBe(200);
    const body = (await res.json()) as {
      fleets: Array<{ id: string; vehicle_count: number }>;
    };
    expect(body.fleets).toEqual([
      {
        id: 'ann-arbor',
        name: 'Ann Arbor cars',
        timezone: 'America/Detroit',
        vehicle_count: 7,
      },
    ]);
  });

  it('lists every demo fleet for DEMO_API_KEY', async () => {
    const res = await get('/v1/fleets', SHARED_KEY);
    const body = (await res.json()) as {
      fleets: Array<{ id: string; vehicle_count: number }>;
    };
    expect(body.fleets.map((f) => [f.id, f.vehicle_count])).toEqual([
      ['ann-arbor', 7],
      ['austin-metrobus', 247],
      ['austin-metrorapid', 32],
    ]);
  });

  it('answers 401 with a JSON error when the key is missing', async () => {
    const res = await get('/v1/fleets');
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toContain('Bearer');
    expect(await res.json()).toEqual({
      error: {
        code: 'missing_api_key',
        message: 'Send your key as Authorization: Bearer <key>',
      },
    });
  });

  it('answers 401 with a JSON error when the key is wrong', async () => {
    const res = await get('/v1/fleets', 'flk_wrong-key-wrong-key-wrong');
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual({
      error: { code: 'invalid_api_key', message: 'The API key is unknown or revoked' },
    });
  });

  it('answers 404 with a JSON error for an unknown route', async () => {
    const res = await get('/v1/nothing', SHARED_KEY);
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({
      error: { code: 'not_found', message: 'No route GET /v1/nothing' },
    });
  });
});

describe('GET /v1/fleets/{id}/metrics', () => {
  it('answers a fleet of the key with its metrics history', async () => {
    const res = await get('/v1/fleets/ann-arbor/metrics', keyOf(server, 'ann-arbor'));
    expect(res.status).toBe(200);
    const body = (await res.json()) as { fleet_id: string; metrics: unknown[] };
    expect(body.fleet_id).toBe('ann-arbor');
    expect(Array.isArray(body.metrics)).toBe(true);
  });

  it('answers a fleet of another key exactly like an unknown one', async () => {
    const key = keyOf(server, 'ann-arbor');
    const foreign = await get('/v1/fleets/austin-metrobus/metrics', key);
    const unknown = await get('/v1/fleets/no-such-fleet/metrics', key);
    expect([foreign.status, unknown.status]).toEqual([404, 404]);
    expect((await foreign.json()).error.code).toBe('not_found');
    expect((await unknown.json()).error.code).toBe('not_found');
  });
});

describe('PUT /v1/vehicles/{id}/driver-status', () => {
  function put(path: string, key: string, body: string): Promise<Response> {
    return fetch(server.base + path, {
      method: 'PUT',
      headers: { Authorization: `Bearer ${key}`, 'Content-Type': 'application/json' },
      body,
    });
  }

  it('lets an admin set a driver status', async () => {
    const vehicle = server.app.state.snapshot('ann-arbor')[0]?.vehicleId ?? '';
    const res = await put(
      `/v1/vehicles/${vehicle}/driver-status`,
      keyOf(server, 'ann-arbor'),
      JSON.stringify({ status: 'on_break' }),
    );
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      vehicle_id: vehicle,
      status: 'on_break',
      source: 'manual',
    });
  });

  it('refuses a viewer with role_forbidden', async () => {
    const viewer = 'flk_viewer-key-for-the-rest-test-000';
    await storeApiKey(server.app.db, viewer, {
      role: 'viewer',
      label: 't',
      fleets: ['ann-arbor'],
    });
    const vehicle = server.app.state.snapshot('ann-arbor')[0]?.vehicleId ?? '';
    const res = await put(
      `/v1/vehicles/${vehicle}/driver-status`,
      viewer,
      '{"status":"idle"}',
    );
    expect(res.status).toBe(403);
    expect(await res.json()).toEqual({
      error: { code: 'role_forbidden', message: 'The viewer role may not do this' },
    });
  });

  it('rejects a bad body with a message naming the accepted values', async () => {
    const vehicle = server.app.state.snapshot('ann-arbor')[0]?.vehicleId ?? '';
    const key = keyOf(server, 'ann-arbor');
    const bad = await put(
      `/v1/vehicles/${vehicle}/driver-status`,
      key,
      '{"status":"asleep"}',
    );
    const broken = await put(`/v1/vehicles/${vehicle}/driver-status`, key, '{status');
    expect(bad.status).toBe(400);
    expect((await bad.json()).error.message).toContain('"driving" | "idle"');
    expect(broken.status).toBe(400);
    expect((await broken.json()).error.code).toBe('malformed_json');
  });
});
