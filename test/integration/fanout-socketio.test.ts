import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { io as connect, type Socket } from 'socket.io-client';
import { afterEach, describe, expect, it } from 'vitest';
import { PositionFixes } from '../../lib/fleet/position-fixes';
import type { FleetSnapshot, LocationUpdate } from '../../lib/protocol';
import type { AlertDesk } from '../../server/alerts/desk';
import type { Principal } from '../../server/auth/api-keys';
import { FleetState } from '../../server/fleet/fleet-state';
import { createLogger } from '../../server/log';
import { StreamHub } from '../../server/stream/hub';
import { attachSocketIo, type FleetServer } from '../../server/transports/socketio';
import { createSnapshotSource } from '../../server/transports/snapshot';
import { frame, OP, RawSocket } from '../support/raw-ws';

const FLEET = 'fleet-1';
const KEY = 'fanout-key-0123456789';
const stops: Array<() => Promise<void> | void> = [];

afterEach(async () => {
  for (const stop of stops.splice(0).reverse()) await stop();
});

interface Harness {
  base: string;
  hub: StreamHub;
  io: FleetServer;
  warnings: string[];
}

/** Only Socket.IO, on 127.0.0.1: one key, one fleet, batches flushed by events. */
async function start(): Promise<Harness> {
  const state = new FleetState();
  state.registerFleet({ id: FLEET, name: 'Fleet 1', timezone: 'UTC' });
  const hub = new StreamHub();
  const principal: Principal = { keyId: 'k', role: 'admin', fleets: new Set([FLEET]) };
  const warnings: string[] = [];
  const log = createLogger('warn', (line) => {
    warnings.push(String((JSON.parse(line) as { msg: string }).msg));
  });
  const alerts = { onRules: () => () => undefined } as unknown as AlertDesk;
  const server = http.createServer((_req, res) => res.writeHead(404).end());
  const io = attachSocketIo(server, {
    authenticate: (key) => Promise.resolve(key === KEY ? principal : null),
    hub,
    snapshots: createSnapshotSource(state, hub),
    alerts,
    log,
    // Long enough that only the events below end a batch.
    batchMs: 1000,
    maxBufferedBytes: 64 * 1024,
    maxHeldMs: 300,
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  stops.push(async () => {
    io.disconnectSockets(true);
    server.closeAllConnections();
    await new Promise((resolve) => io.close(resolve));
  });
  const { port } = server.address() as AddressInfo;
  return { base: `http://127.0.0.1:${port}`, hub, io, warnings };
}

/** 300 fixes of 300 vehicles, then an event, which sends them as one batch. */
function publishRound(hub: StreamHub, round: number): number {
  for (let i = 0; i < 300; i++) {
    const timestamp = new Date(1_700_000_000_000 + round * 1000).toISOString();
    hub.publish(FLEET, {
      type: 'location_update',
      timestamp,
      channel: 'vehicle_locations',
      payload: {
        vehicle_id: `v-${i}`,
        fleet_id: FLEET,
        timestamp,
        location: { latitude: 30 + round / 1e4, longitude: -97, speed: 40 },
      },
    });
  }
  const since = new Date().toISOString();
  hub.publish(FLEET, {
    type: 'driver_status',
    timestamp: since,
    channel: 'driver_status',
    payload: {
      vehicle_id: 'v-0',
      fleet_id: FLEET,
      status: 'driving',
      source: 'motion',
      since,
    },
  });
  return hub.seq(FLEET) - 1;
}

/** A Socket.IO client on a bare TCP socket, connected to the namespace. */
async function rawSocketIo(base: string): Promise<RawSocket> {
  const url = `${base.replace('http', 'ws')}/socket.io/?EIO=4&transport=websocket`;
  const raw = await RawSocket.open(url);
  await raw.next((f) => String(f.payload).startsWith('0{'));
  raw.write(frame(OP.text, `40${JSON.stringify({ apiKey: KEY, fleetId: FLEET })}`));
  await raw.next((f) => String(f.payload).startsWith('42["snapshot"'));
  return raw;
}

function dashboard(base: string, positions: 'binary' | 'json'): Socket {
  const socket = connect(base, {
    auth: { apiKey: KEY, fleetId: FLEET, positions },
    transports: ['websocket'],
    reconnection: false,
    forceNew: true,
  });
  stops.push(() => void socket.disconnect());
  return socket;
}

describe('Socket.IO fan-out', () => {
  it('tells a binary dashboard what a JSON one hears, vehicle by vehicle', async () => {
    const h = await start();
    const binary = dashboard(h.base, 'binary');
    const json = dashboard(h.base, 'json');
    const fixes = new PositionFixes(FLEET);
    const viaBatch = new Map<string, unknown>();
    const viaJson = new Map<string, unknown>();
    binary.on('positions', (bytes: Buffer) => {
      const read = fixes.read(bytes);
      for (const f of read.ok ? read.fixes : []) viaBatch.set(f.id, f);
    });
    json.on('vehicle_locations', (m: LocationUpdate) => {
      const p = m.payload;
      viaJson.set(p.vehicle_id, {
        id: p.vehicle_id,
        fleetId: p.fleet_id,
        lat: p.location.latitude,
        lon: p.location.longitude,
        deviceTime: Date.parse(p.timestamp),
        heading: p.location.heading,
        speed: p.location.speed,
        ...(p.trip_id !== undefined && { tripId: p.trip_id }),
        ...(p.route_id !== undefined && { routeId: p.route_id }),
        telemetry: p.telemetry,
      });
    });
    fixes.snapshot(await new Promise<FleetSnapshot>((r) => binary.once('snapshot', r)));
    await new Promise((r) => json.once('snapshot', r));

    for (let n = 0; n < 60; n++) {
      const timestamp = new Date(1_700_000_000_000 + n * 1000).toISOString();
      const trip = n < 30 ? { trip_id: `t-${n % 3}`, route_id: 'r-1' } : {};
      h.hub.publish(FLEET, {
        type: 'location_update',
        timestamp,
        channel: 'vehicle_locations',
        payload: {
          vehicle_id: `v-${n % 6}`,
          fleet_id: FLEET,
          timestamp,
          ...trip,
          location: {
            latitude: 30.1234567,
            longitude: -97.7654321,
            heading: 271.5,
            speed: n,
          },
          telemetry: { odometer: 1000 + n / 100, fuel_level: 50.5, engine_rpm: 1800 },
        },
      });
    }
    h.hub.publish(FLEET, {
      type: 'driver_status',
      timestamp: new Date().toISOString(),
      channel: 'driver_status',
      payload: {
        vehicle_id: 'v-0',
        fleet_id: FLEET,
        status: 'idle',
        source: 'motion',
        since: new Date().toISOString(),
      },
    });
    const deadline = Date.now() + 10_000;
    while ((viaBatch.size < 6 || viaJson.size < 6) && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 20));
    }

    expect(viaBatch.size).toBe(6);
    expect(Object.fromEntries(viaBatch)).toEqual(Object.fromEntries(viaJson));
  });

  it('cuts a dashboard that stops reading while the others receive every batch', async () => {
    const h = await start();
    const fast: Socket = connect(h.base, {
      auth: { apiKey: KEY, fleetId: FLEET },
      transports: ['websocket'],
      reconnection: false,
      forceNew: true,
    });
    stops.push(() => void fast.disconnect());
    const fixes = new PositionFixes(FLEET);
    const batchSeqs: number[] = [];
    fast.on('positions', (bytes: Buffer) => {
      const read = fixes.read(bytes);
      if (read.ok && read.fixes.length === 300) batchSeqs.push(read.seq);
    });
    const snapshot = new Promise<FleetSnapshot>((r) => fast.once('snapshot', r));
    fixes.snapshot(await snapshot);
    const slow = await rawSocketIo(h.base);
    stops.push(() => slow.destroy());
    slow.socket.pause();

    const sent: number[] = [];
    const deadline = Date.now() + 30_000;
    while (h.io.of('/').sockets.size > 1) {
      if (Date.now() > deadline) throw new Error('the slow dashboard was never cut');
      sent.push(publishRound(h.hub, sent.length));
      await new Promise((r) => setTimeout(r, 2));
    }
    const waitUntil = Date.now() + 10_000;
    while (batchSeqs.length < sent.length && Date.now() < waitUntil) {
      await new Promise((r) => setTimeout(r, 20));
    }

    expect(batchSeqs).toEqual(sent);
    expect(h.warnings).toContain('slow consumer cut');
  }, 60_000);
});
