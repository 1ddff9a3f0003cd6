import { io, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PositionFixes, type LiveFix } from '../../lib/fleet/position-fixes';
import type { FleetSnapshot, LocationUpdate } from '../../lib/protocol';
import { keyOf, startServer, type TestServer } from '../support/server';

const A = 'austin-metrorapid';
const B = 'austin-metrobus';

let server: TestServer;
const sockets: Socket[] = [];

beforeAll(async () => {
  server = await startServer();
});

afterAll(async () => {
  for (const s of sockets) s.disconnect();
  await server.close();
});

function connect(auth: Record<string, string>): Socket {
  const socket = io(server.base, {
    auth,
    transports: ['websocket'],
    reconnection: false,
    forceNew: true,
  });
  sockets.push(socket);
  return socket;
}

function refusal(
  auth: Record<string, string>,
): Promise<{ code?: string; message?: string }> {
  return new Promise((resolve, reject) => {
    const socket = connect(auth);
    socket.on('connect', () => reject(new Error('the handshake was accepted')));
    socket.on('connect_error', (e: Error & { data?: { code: string } }) =>
      resolve(e.data ?? {}),
    );
  });
}

describe('Socket.IO fleet rooms', () => {
  it('sends a snapshot, then binary batches of that fleet only', async () => {
    const socket = connect({ apiKey: keyOf(server, A), fleetId: A });
    const snapshot = await new Promise<FleetSnapshot>((r) => socket.once('snapshot', r));
    const fixes = new PositionFixes(A);
    fixes.snapshot(snapshot);
    const updates: LiveFix[] = [];
    const problems: string[] = [];
    socket.on('vehicle_locations', () => problems.push('a JSON position arrived'));
    socket.on('positions', (bytes: Buffer) => {
      const read = fixes.read(bytes);
      if (read.ok) updates.push(...read.fixes);
      else problems.push(read.error.message);
    });

    const deadline = Date.now() + 20_000;
    while (new Set(updates.map((u) => u.id)).size < 5) {
      if (Date.now() > deadline) throw new Error(`only ${updates.length} fixes arrived`);
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(snapshot.fleet_id).toBe(A);
    expect(snapshot.positions_index).toBeInstanceOf(Array);
    expect(problems).toEqual([]);
    for (const u of updates) {
      expect(u.fleetId).toBe(A);
      expect(server.app.state.fleetOf(u.id)).toBe(A);
      expect(Number.isFinite(u.lat) && Number.isFinite(u.deviceTime)).toBe(true);
    }
  });

  it('sends one vehicle_locations event per fix to a socket that asks for JSON', async () => {
    const socket = connect({ apiKey: keyOf(server, A), fleetId: A, positions: 'json' });
    const snapshot = await new Promise<FleetSnapshot>((r) => socket.once('snapshot', r));
    const updates: LocationUpdate[] = [];
    socket.on('vehicle_locations', (m) => updates.push(m));
    socket.on('positions', () => {
      throw new Error('a binary batch reached a JSON socket');
    });

    const vehiclesOfA = new Set(
      (server.demo?.fleets ?? []).length > 0
        ? server.app.state.snapshot(A).map((s) => s.vehicleId)
        : [],
    );
    expect(snapshot.fleet_id).toBe(A);
    expect(snapshot.vehicles.length).toBeGreaterThanOrEqual(5);
    expect(snapshot.vehicles.every((v) => v.payload.fleet_id === A)).toBe(true);

    const deadline = Date.now() + 20_000;
    while (new Set(updates.map((u) => u.payload.vehicle_id)).size < 5) {
      if (Date.now() > deadline)
        throw new Error(`only ${updates.length} updates arrived`);
      await new Promise((r) => setTimeout(r, 100));
    }
    for (const u of updates) {
      expect(u.type).toBe('location_update');
      expect(u.channel).toBe('vehicle_locations');
      expect(u.payload.fleet_id).toBe(A);
      expect(server.app.state.fleetOf(u.payload.vehicle_id)).toBe(A);
    }
    expect(vehiclesOfA.size).toBeGreaterThan(0);
  });

  it('never delivers another fleet to a key of one fleet', async () => {
    const socket = connect({ apiKey: keyOf(server, B), fleetId: B, positions: 'json' });
    const seen: LocationUpdate[] = [];
    socket.on('vehicle_locations', (m) => seen.push(m));
    await new Promise<void>((r) => socket.once('connect', () => r()));
    await new Promise((r) => setTimeout(r, 3000));

    expect(seen.length).toBeGreaterThan(0);
    expect(seen.filter((m) => m.payload.fleet_id !== B)).toEqual([]);
  });

  it('refuses an unknown key with invalid_api_key', async () => {
    const data = await refusal({ apiKey: 'flk_not-a-real-key-at-all', fleetId: A });
    expect(data.code).toBe('invalid_api_key');
    expect(data.message).toBe('The API key is unknown or revoked');
  });

  it('refuses a key of another fleet with fleet_forbidden', async () => {
    const data = await refusal({ apiKey: keyOf(server, B), fleetId: A });
    expect(data.code).toBe('fleet_forbidden');
    expect(data.message).toBe(`This key may not read fleet ${A}`);
  });

  it('refuses a handshake without a key with missing_api_key', async () => {
    const data = await refusal({ fleetId: A });
    expect(data.code).toBe('missing_api_key');
  });

  it('refuses a position format it does not know with invalid_message', async () => {
    const data = await refusal({
      apiKey: keyOf(server, A),
      fleetId: A,
      positions: 'xml',
    });
    expect(data).toEqual({
      code: 'invalid_message',
      message: 'Send auth.positions as "binary" or "json"',
    });
  });

  it('refuses a handshake without a fleet with invalid_message', async () => {
    const data = await refusal({ apiKey: keyOf(server, A) });
    expect(data.code).toBe('invalid_message');
  });
});
