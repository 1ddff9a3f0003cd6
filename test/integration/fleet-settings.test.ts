import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FleetSettingsResponse } from '../../lib/protocol/fleet-settings';
import { storeApiKey } from '../../server/auth/api-keys';
import { keyOf, startServer, type TestServer } from '../support/server';
import { TestSocket } from '../support/ws-client';

const CARS = 'ann-arbor';
const WAIT_MS = 15_000;

let server: TestServer;
let admin: string;
let viewer: string;

beforeAll(async () => {
  server = await startServer();
  admin = keyOf(server, CARS);
  viewer = `viewer-${randomUUID()}`;
  await storeApiKey(server.app.db, viewer, {
    role: 'viewer',
    label: 'settings test',
    fleets: [CARS],
  });
});

afterAll(async () => {
  await server?.close();
});

function request(method: string, url: string, apiKey: string, body?: unknown) {
  return fetch(server.base + url, {
    method,
    headers: { Authorization: `Bearer ${apiKey}`, 'Content-Type': 'application/json' },
    ...(body !== undefined && { body: JSON.stringify(body) }),
  });
}

async function errorOf(res: Response) {
  return ((await res.json()) as { error: { code: string; message: string } }).error;
}

describe('/v1/fleets/{id}/settings', () => {
  it('answers the defaults to any role', async () => {
    const res = await request('GET', `/v1/fleets/${CARS}/settings`, viewer);

    expect(res.status).toBe(200);
    const body = (await res.json()) as FleetSettingsResponse;
    expect(body.fleet_id).toBe(CARS);
    expect(body.settings.speeding.limit_kmh).toBe(120);
    expect(body.settings.route_deviation).toEqual({
      off_route_m: 250,
      back_on_route_m: 150,
      min_duration_s: 60,
    });
    expect(body.settings.maintenance.low_fuel_pct).toBe(10);
  });

  it('answers a fleet outside the key like an unknown one', async () => {
    const other = await request('GET', '/v1/fleets/austin-metrobus/settings', admin);
    const unknown = await request('GET', '/v1/fleets/nowhere/settings', admin);

    expect(other.status).toBe(404);
    expect(unknown.status).toBe(404);
    expect((await errorOf(other)).message).toBe(
      'No fleet austin-metrobus is visible to this key',
    );
  });

  it('refuses a change from a viewer', async () => {
    const res = await request('PUT', `/v1/fleets/${CARS}/settings`, viewer, {
      speeding: { limit_kmh: 40 },
    });

    expect(res.status).toBe(403);
    expect((await errorOf(res)).code).toBe('role_forbidden');
  });

  it('names the field of a value out of bounds', async () => {
    const res = await request('PUT', `/v1/fleets/${CARS}/settings`, admin, {
      speeding: { limit_kmh: 5 },
    });

    expect(res.status).toBe(400);
    expect(await errorOf(res)).toEqual({
      code: 'invalid_message',
      message: 'speeding.limit_kmh must lie in [10, 250]',
    });
  });

  it('names a field that is not a setting', async () => {
    const res = await request('PUT', `/v1/fleets/${CARS}/settings`, admin, {
      speeding: { limit: 40 },
    });

    expect(res.status).toBe(400);
    expect((await errorOf(res)).message).toBe('speeding.limit is not a setting');
  });

  it('refuses a way back onto the route wider than the way off it', async () => {
    const res = await request('PUT', `/v1/fleets/${CARS}/settings`, admin, {
      route_deviation: { back_on_route_m: 400 },
    });

    expect(res.status).toBe(400);
    expect((await errorOf(res)).message).toBe(
      'route_deviation.back_on_route_m must not exceed route_deviation.off_route_m',
    );
  });

  it('applies a lower speed limit to the fleet’s next alerts', async () => {
    const socket = await TestSocket.open(`${server.wsBase}/v1/streaming/websocket`);
    socket.send({ type: 'auth', payload: { api_key: admin, subscriptions: ['alerts'] } });
    await socket.next((m) => m.type === 'auth_success');

    const res = await request('PUT', `/v1/fleets/${CARS}/settings`, admin, {
      speeding: { limit_kmh: 40 },
    });
    expect(res.status).toBe(200);
    const body = (await res.json()) as FleetSettingsResponse;
    expect(body.settings.speeding.limit_kmh).toBe(40);
    expect(body.settings.speeding.min_duration_s).toBe(10);

    const alert = await socket.next(
      (m) =>
        m.payload['category'] === 'speeding' &&
        (m.payload['event_data'] as Record<string, unknown>)['speed_limit'] === 40,
      WAIT_MS,
    );
    socket.close();
    expect(alert.payload.fleet_id).toBe(CARS);
  });

  it('keeps a change across a restart', async () => {
    await request('PUT', `/v1/fleets/${CARS}/settings`, admin, {
      maintenance: { low_fuel_pct: 15 },
    });
    await server.close({ keepData: true });
    server = await startServer({ DEMO: 'off', DATA_DIR: server.dataDir });

    const res = await request('GET', `/v1/fleets/${CARS}/settings`, viewer);

    const body = (await res.json()) as FleetSettingsResponse;
    expect(body.settings.speeding.limit_kmh).toBe(40);
    expect(body.settings.maintenance.low_fuel_pct).toBe(15);
    expect(server.app.engine.baseSettings.maintenance.lowFuelPct).toBe(10);
  });
});
