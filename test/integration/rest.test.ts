import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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
