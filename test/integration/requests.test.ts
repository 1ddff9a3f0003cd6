import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SafetyAlertPayload } from '../../lib/protocol';
import { keyOf, startServer, type TestServer } from '../support/server';
import { TestSocket, type Received } from '../support/ws-client';

const A = 'austin-metrorapid';
const B = 'ann-arbor';
const PATH = '/v1/streaming/websocket';

let server: TestServer;
const open: TestSocket[] = [];

beforeAll(async () => {
  server = await startServer();
});

afterAll(async () => {
  for (const s of open) s.close();
  await server.close();
});

async function authed(fleetId: string, path = PATH): Promise<TestSocket> {
  const sep = path === PATH ? `&fleet_id=${fleetId}` : '';
  const ws = await TestSocket.open(
    `${server.wsBase}${path}?api_key=${keyOf(server, fleetId)}${sep}`,
  );
  open.push(ws);
  await ws.next((m) => m.type === 'auth_success');
  return ws;
}

async function ask(ws: TestSocket, id: string, payload: unknown): Promise<Received> {
  ws.send({ type: 'request', id, payload });
  return ws.next((m) => m.id === id);
}

function publishAlert(fleetId: string, alertId: string, vehicleId: string): void {
  const payload: SafetyAlertPayload = {
    alert_id: alertId,
    severity: 'high',
    category: 'harsh_braking',
    vehicle_id: vehicleId,
    fleet_id: fleetId,
    location: { latitude: 42.28, longitude: -83.74 },
    event_data: { deceleration: -0.8 },
    recommended_actions: [],
    auto_resolved: false,
  };
  server.app.hub.publish(fleetId, {
    type: 'safety_alert',
    timestamp: new Date().toISOString(),
    channel: 'alerts',
    payload,
  });
}

describe('Bookovia request', () => {
  it.each([
    ['with payload.action', { action: 'request', data: { resource: 'vehicles' } }],
    ['without payload.action', { data: { resource: 'vehicles' } }],
  ])('answers vehicles %s, correlated by id', async (_form, payload) => {
    const ws = await authed(B);

    const res = await ask(ws, 'r-veh', payload);

    expect(res.type).toBe('response');
    expect(res.payload['request']).toBe('vehicles');
    expect(res.payload['correlation_id']).toBe('r-veh');
    const data = res.payload['data'] as Received[];
    expect(data.length).toBeGreaterThan(0);
    expect(data.every((v) => v.payload.fleet_id === B)).toBe(true);
  });

  it("answers alerts with the fleet's recent alerts only", async () => {
    publishAlert(B, 'alert-of-b', 'car-b');
    publishAlert(A, 'alert-of-a', 'bus-a');
    const ws = await authed(B);

    const res = await ask(ws, 'r-al', { data: { resource: 'alerts' } });

    const data = res.payload['data'] as Received[];
    const ids = data.map((a) => a.payload['alert_id']);
    expect(ids).toContain('alert-of-b');
    expect(ids).not.toContain('alert-of-a');
    expect(data.every((a) => a.payload.fleet_id === B)).toBe(true);
  });

  it('answers fleet_metrics with the latest period of the fleet', async () => {
    server.app.engine.publishMetrics();
    const latest = server.app.engine.metricsHistory(B).at(-1);
    const ws = await authed(B);

    const res = await ask(ws, 'r-m', { data: { resource: 'fleet_metrics' } });

    expect(res.payload['data']).toEqual([latest]);
  });

  it('answers fleet_metrics on a vehicle endpoint with nothing fleet-wide', async () => {
    const vehicle = server.app.state.snapshot(B)[0]?.vehicleId ?? '';
    const ws = await authed(B, `${PATH}/vehicle/${vehicle}`);

    const res = await ask(ws, 'r-vm', { data: { resource: 'fleet_metrics' } });

    expect(res.payload['data']).toEqual([]);
  });

  it('answers trip with the vehicles on it and their location_update', async () => {
    const onTrip = server.app.state.snapshot(A).find((s) => s.fix.tripId);
    const tripId = onTrip?.fix.tripId ?? '';
    const ws = await authed(A);

    const res = await ask(ws, 'r-t', {
      action: 'request',
      data: { resource: 'trip', trip_id: tripId },
    });

    const data = res.payload['data'] as { trip_id: string; vehicles: Received[] };
    expect(res.payload['request']).toBe('trip');
    expect(data.trip_id).toBe(tripId);
    expect(data.vehicles.map((v) => v.payload.vehicle_id)).toContain(onTrip?.vehicleId);
    for (const v of data.vehicles) {
      expect(v.type).toBe('location_update');
      expect(v.payload['trip_id']).toBe(tripId);
    }
  });

  it('answers only its own vehicle on a vehicle endpoint', async () => {
    const vehicle = server.app.state.snapshot(B)[0]?.vehicleId ?? '';
    publishAlert(B, 'alert-other-car', `${vehicle}-other`);
    publishAlert(B, 'alert-this-car', vehicle);
    const ws = await authed(B, `${PATH}/vehicle/${vehicle}`);

    const res = await ask(ws, 'r-va', { data: { resource: 'alerts' } });

    const data = res.payload['data'] as Received[];
    expect(data.map((a) => a.payload.vehicle_id)).toEqual(data.map(() => vehicle));
    expect(data.map((a) => a.payload['alert_id'])).toContain('alert-this-car');
  });
});
