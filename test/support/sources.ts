import path from 'node:path';
import { io, type Socket } from 'socket.io-client';
import type { LocationUpdate, Role } from '../../lib/protocol';
import { generateApiKey, storeApiKey } from '../../server/auth/api-keys';
import { ROOT_DIR } from '../../server/config';
import { registerFleets } from '../../server/db/fleets';
import { loadAustinDay } from '../../server/sources/austin';
import type { RecordedFix } from '../../server/sources/recording';
import { startServer, type TestServer } from './server';

export const FLEET = 'austin';
export const OTHER_FLEET = 'elsewhere';

/** A server without the demo, fleets `austin` and `elsewhere`, keys per role. */
export interface SourceServer {
  server: TestServer;
  keys: Record<Role, string> & { otherAdmin: string };
}

export async function startSourceServer(
  env: Record<string, string> = {},
): Promise<SourceServer> {
  const server = await startServer({
    DEMO: 'off',
    LOCATION_INTERVAL_MS: '0',
    GTFS_RT_ALLOW_PRIVATE: 'on',
    ...env,
  });
  const { app } = server;
  const fleets = [
    { id: FLEET, name: 'Austin via sources', timezone: 'America/Chicago' },
    { id: OTHER_FLEET, name: 'Another tenant', timezone: 'UTC' },
  ];
  await registerFleets(app.db, fleets, []);
  for (const f of fleets) app.state.registerFleet(f);

  const key = async (role: Role, fleet: string) => {
    const k = generateApiKey();
    await storeApiKey(app.db, k, { role, label: `${fleet} ${role}`, fleets: [fleet] });
    return k;
  };
  const keys = {
    admin: await key('admin', FLEET),
    dispatcher: await key('dispatcher', FLEET),
    viewer: await key('viewer', FLEET),
    otherAdmin: await key('admin', OTHER_FLEET),
  };
  return { server, keys };
}

/** A real Austin fix, moved into the recent past; speed km/h as the loader reads it. */
export interface AustinFix {
  /** The bus number of the feed, e.g. "2223". */
  busId: string;
  /** The vehicle id the demo and the CSV loader give it, e.g. "bus-2223". */
  vehicleId: string;
  /** Device time after the move, epoch ms (whole seconds). */
  time: number;
  /** The row's own time as the CSV writes it. */
  recordedIso: string;
  lat: number;
  lon: number;
  /** As the CSV holds it, m/s; undefined for an empty or sentinel cell. */
  speedMs: number | undefined;
  speedKmh: number | undefined;
  tripId: string | undefined;
  routeId: string | undefined;
}

const DAY = path.join(
  ROOT_DIR,
  'data/capmetro-austin-avl/vehicle_positions/2016-12-16.csv',
);

/**
 * The last `perBus` fixes of the first `buses` buses reporting a speed
 * between 08:00 and 08:10 on 2016-12-16, read by the project's own loader,
 * each moved by the same whole number of seconds so the newest lies a
 * minute before now.
 */
export function austinSample(
  buses: number,
  perBus: number,
  now = Date.now(),
): AustinFix[] {
  const day = loadAustinDay(DAY);
  const from = Date.parse('2016-12-16T08:00:00-06:00');
  const to = from + 10 * 60_000;
  const byBus = new Map<string, RecordedFix[]>();
  for (const f of day.fixes) {
    if (f.recordedTime < from || f.recordedTime >= to) continue;
    if (f.fix.speedKmh === undefined) continue;
    const list = byBus.get(f.fix.vehicleId) ?? [];
    list.push(f);
    byBus.set(f.fix.vehicleId, list);
  }
  const chosen = [...byBus.entries()]
    .filter(([, list]) => list.length >= perBus)
    .slice(0, buses)
    .flatMap(([, list]) => list.slice(-perBus));
  const newest = Math.max(...chosen.map((f) => f.recordedTime));
  const shift = Math.floor((now - 60_000 - newest) / 1000) * 1000;

  return chosen.map((f) => ({
    busId: f.fix.vehicleId.replace(/^bus-/, ''),
    vehicleId: f.fix.vehicleId,
    time: f.recordedTime + shift,
    recordedIso: new Date(f.recordedTime).toISOString(),
    lat: f.fix.lat,
    lon: f.fix.lon,
    speedKmh: f.fix.speedKmh,
    speedMs: f.fix.speedKmh === undefined ? undefined : f.fix.speedKmh / 3.6,
    tripId: f.fix.tripId,
    routeId: f.fix.routeId,
  }));
}

/** The newest fix of each vehicle, by device time. */
export function newestByVehicle(fixes: readonly AustinFix[]): Map<string, AustinFix> {
  const newest = new Map<string, AustinFix>();
  for (const f of fixes) {
    const seen = newest.get(f.vehicleId);
    if (!seen || f.time > seen.time) newest.set(f.vehicleId, f);
  }
  return newest;
}

/** A Socket.IO client of one fleet, collecting `vehicle_locations` as JSON. */
export async function watchFleet(
  server: TestServer,
  key: string,
  fleetId = FLEET,
): Promise<{ socket: Socket; updates: LocationUpdate[] }> {
  const socket = io(server.base, {
    auth: { apiKey: key, fleetId, positions: 'json' },
    transports: ['websocket'],
    reconnection: false,
    forceNew: true,
  });
  const updates: LocationUpdate[] = [];
  socket.on('vehicle_locations', (m: LocationUpdate) => updates.push(m));
  await new Promise<void>((resolve, reject) => {
    socket.once('snapshot', () => resolve());
    socket.once('connect_error', reject);
  });
  return { socket, updates };
}

/** Waits until `done` holds, failing loudly with `what` after the deadline. */
export async function until(
  done: () => boolean,
  what: string,
  timeoutMs = 15_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!done()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

export function bearer(key: string): Record<string, string> {
  return { Authorization: `Bearer ${key}` };
}

export async function postJson(
  url: string,
  body: unknown,
  key?: string,
  method = 'POST',
): Promise<Response> {
  return fetch(url, {
    method,
    headers: { 'Content-Type': 'application/json', ...(key ? bearer(key) : {}) },
    body: JSON.stringify(body),
  });
}
