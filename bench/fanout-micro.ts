/**
 * What fanning positions out costs the server, per delivered update, on
 * the old paths and the new ones.
 *
 * Each variant runs a server in a fresh child process and connects the
 * clients from this one, so the server's CPU time (user + system, from
 * process.cpuUsage) is the server's alone. The child publishes
 * BENCH_VEHICLES vehicles per fleet in BENCH_FLEETS fleets at 1 Hz, each
 * fix a ~500-byte location_update, to BENCH_DASHBOARDS clients per
 * fleet, for BENCH_SECONDS after a warm-up. It reports CPU ms and the
 * bytes its TCP sockets wrote; this side counts delivered updates and
 * their latency from publication (same machine, same clock).
 *
 *   node --import tsx bench/fanout-micro.ts [variant…]
 *
 * `load-only` builds the fixes and sends them nowhere: what every other
 * variant's CPU includes besides fanning out. Socket.IO variants: `sio-per-fix` (a bare server, one room emit per
 * fix), `sio-array` (one JSON array per fleet every 100 ms), `sio-batch`
 * (Fleetlight's attachSocketIo: binary batches). Bookovia: `ws-bare` (a
 * bare ws loop sending each envelope to each socket), `ws-bookovia`
 * (Fleetlight's createBookoviaServer: shared frames, corked writes).
 */
import { fork } from 'node:child_process';
import http from 'node:http';
import type { AddressInfo, Socket as NetSocket } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { Server } from 'socket.io';
import { io as connect, type Socket } from 'socket.io-client';
import WebSocket, { WebSocketServer } from 'ws';
import { PositionFixes } from '../lib/fleet/position-fixes';
import type { FleetSnapshot, LocationUpdate } from '../lib/protocol';
import type { AlertDesk } from '../server/alerts/desk';
import type { Principal } from '../server/auth/api-keys';
import { FleetState } from '../server/fleet/fleet-state';
import { createLogger } from '../server/log';
import { StreamHub } from '../server/stream/hub';
import { createBookoviaServer } from '../server/transports/bookovia/server';
import { attachSocketIo } from '../server/transports/socketio';
import { createSnapshotSource } from '../server/transports/snapshot';

const FLEETS = Number(process.env['BENCH_FLEETS'] ?? 10);
const VEHICLES = Number(process.env['BENCH_VEHICLES'] ?? 100);
const DASHBOARDS = Number(process.env['BENCH_DASHBOARDS'] ?? 10);
const SECONDS = Number(process.env['BENCH_SECONDS'] ?? 10);
const WARMUP_MS = 2000;
const KEY = 'bench-fanout-key-0123456789';

const VARIANTS = [
  'load-only',
  'sio-per-fix',
  'sio-array',
  'sio-batch',
  'ws-bare',
  'ws-bookovia',
];
type Variant = (typeof VARIANTS)[number];

/** What the server child reports for the measured window. */
interface ServerTally {
  cpuMs: number;
  /** Of which in the kernel: writes, and loopback TCP. */
  systemMs: number;
  bytes: number;
  published: number;
}

const fleetId = (f: number) => `fleet-${f}`;

// ---------------------------------------------------------------- server

/** A location_update as Fleetlight sends it, its time the moment of publication. */
function envelope(f: number, v: number, seq: number): Omit<LocationUpdate, 'id' | 'seq'> {
  const now = new Date().toISOString();
  return {
    type: 'location_update',
    timestamp: now,
    channel: 'vehicle_locations',
    payload: {
      vehicle_id: `bus-${f}-${v}`,
      fleet_id: fleetId(f),
      trip_id: `trip-${f}-${v}-morning`,
      route_id: `route-${v % 12}`,
      timestamp: now,
      location: {
        latitude: 30.2672 + ((seq % 1000) - v) / 1e4,
        longitude: -97.7431 + v / 1e4,
        accuracy: 4.5,
        heading: (seq * 7) % 360,
        speed: 35.2 + (v % 20),
      },
      telemetry: { odometer: 12_345.67 + seq / 100, fuel_level: 61.5 },
      driver_status: 'driving',
      route_progress: {
        distance_completed: 12.4,
        distance_remaining: 8.1,
        eta: now,
        next_stop: 'stop-1842',
      },
    },
  };
}

/** Every vehicle once a second, spread over 10 ms ticks. */
function drive(publish: (f: number, v: number, seq: number) => void) {
  let seq = 0;
  let slot = 0;
  const slots = 100;
  const timer = setInterval(() => {
    for (let f = 0; f < FLEETS; f++) {
      for (let v = slot; v < VEHICLES; v += slots) publish(f, v, ++seq);
    }
    slot = (slot + 1) % slots;
  }, 10);
  return { count: () => seq, stop: () => clearInterval(timer) };
}

async function serve(variant: Variant): Promise<void> {
  const server = http.createServer((_req, res) => res.writeHead(404).end());
  const sockets = new Set<NetSocket>();
  server.on('connection', (s) => sockets.add(s));
  const publish = setUp(variant, server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  process.send?.({ port });

  await new Promise((r) => process.once('message', r));
  const load = drive(publish);
  await sleep(WARMUP_MS);
  const bytes0 = [...sockets].reduce((n, s) => n + s.bytesWritten, 0);
  const cpu0 = process.cpuUsage();
  const published0 = load.count();
  await sleep(SECONDS * 1000);
  const cpu = process.cpuUsage(cpu0);
  const bytes = [...sockets].reduce((n, s) => n + s.bytesWritten, 0) - bytes0;
  const published = load.count() - published0;
  load.stop();
  const tally: ServerTally = {
    cpuMs: (cpu.user + cpu.system) / 1000,
    systemMs: cpu.system / 1000,
    bytes,
    published,
  };
  process.send?.(tally);
  await sleep(500);
  process.exit(0);
}

function setUp(variant: Variant, server: http.Server) {
  if (variant === 'load-only')
    return (f: number, v: number, n: number) => void envelope(f, v, n);
  if (variant === 'sio-per-fix' || variant === 'sio-array')
    return bareSocketIo(variant, server);
  if (variant === 'ws-bare') return bareWs(server);
  return fleetlight(variant, server);
}

function bareSocketIo(variant: Variant, server: http.Server) {
  const io = new Server(server, { serveClient: false });
  io.on('connection', (s) => {
    void s.join(String((s.handshake.auth as { fleetId?: string }).fleetId));
  });
  let seq = 0;
  if (variant === 'sio-per-fix') {
    return (f: number, v: number, n: number) => {
      const m = { ...envelope(f, v, n), id: `e-${n}`, seq: ++seq };
      io.to(fleetId(f)).emit('vehicle_locations', m);
    };
  }
  const pending = new Map<number, Map<number, unknown>>();
  setInterval(() => {
    for (const [f, fixes] of pending) {
      if (fixes.size > 0)
        io.to(fleetId(f)).emit('vehicle_locations', [...fixes.values()]);
      fixes.clear();
    }
  }, 100);
  return (f: number, v: number, n: number) => {
    let fixes = pending.get(f);
    if (!fixes) pending.set(f, (fixes = new Map()));
    fixes.set(v, { ...envelope(f, v, n), id: `e-${n}`, seq: ++seq });
  };
}

function bareWs(server: http.Server) {
  const wss = new WebSocketServer({ server });
  const rooms = new Map<string, Set<WebSocket>>();
  wss.on('connection', (ws, req) => {
    const f = new URL(req.url ?? '/', 'http://x').searchParams.get('fleet_id') ?? '';
    let room = rooms.get(f);
    if (!room) rooms.set(f, (room = new Set()));
    room.add(ws);
  });
  let seq = 0;
  return (f: number, v: number, n: number) => {
    const json = JSON.stringify({ ...envelope(f, v, n), id: `e-${n}`, seq: ++seq });
    for (const ws of rooms.get(fleetId(f)) ?? []) ws.send(json);
  };
}

function fleetlight(variant: Variant, server: http.Server) {
  const state = new FleetState();
  const fleets = new Set<string>();
  for (let f = 0; f < FLEETS; f++) {
    state.registerFleet({ id: fleetId(f), name: fleetId(f), timezone: 'UTC' });
    fleets.add(fleetId(f));
  }
  const hub = new StreamHub();
  const principal: Principal = { keyId: 'k', role: 'admin', fleets };
  const log = createLogger('silent');
  const authenticate = (key: string) => Promise.resolve(key === KEY ? principal : null);
  const snapshots = createSnapshotSource(state, hub);
  if (variant === 'sio-batch') {
    const alerts = { onRules: () => () => undefined } as unknown as AlertDesk;
    attachSocketIo(server, { authenticate, hub, snapshots, alerts, log });
  } else {
    const bookovia = createBookoviaServer({
      hub,
      state,
      log,
      snapshots,
      authenticate,
      authTimeoutMs: 10_000,
    });
    server.on('upgrade', (req, socket, head) => {
      if (!bookovia.handleUpgrade(req, socket, head)) socket.destroy();
    });
  }
  return (f: number, v: number, n: number) => {
    hub.publish(fleetId(f), envelope(f, v, n));
  };
}

// ---------------------------------------------------------------- clients

interface ClientTally {
  delivered: number;
  latencies: number[];
}

function count(t: ClientTally, deviceTimes: Iterable<number>): void {
  const now = Date.now();
  for (const at of deviceTimes) {
    t.delivered++;
    if (t.latencies.length < 2_000_000) t.latencies.push(now - at);
  }
}

function sioClient(variant: Variant, port: number, f: number, t: ClientTally): Socket {
  const socket = connect(`http://127.0.0.1:${port}`, {
    auth: { apiKey: KEY, fleetId: fleetId(f) },
    transports: ['websocket'],
    forceNew: true,
  });
  if (variant === 'sio-batch') {
    const fixes = new PositionFixes(fleetId(f));
    socket.on('snapshot', (s: FleetSnapshot) => fixes.snapshot(s));
    socket.on('positions', (bytes: Buffer) => {
      const read = fixes.read(bytes);
      if (read.ok)
        count(
          t,
          read.fixes.map((x) => x.deviceTime),
        );
    });
    return socket;
  }
  socket.on('vehicle_locations', (m: LocationUpdate | LocationUpdate[]) => {
    const list = Array.isArray(m) ? m : [m];
    count(
      t,
      list.map((x) => Date.parse(x.payload.timestamp)),
    );
  });
  return socket;
}

function wsClient(variant: Variant, port: number, f: number, t: ClientTally): WebSocket {
  const path = variant === 'ws-bare' ? '/' : '/v1/streaming/websocket';
  const query = `api_key=${KEY}&fleet_id=${fleetId(f)}&subscriptions=vehicle_locations`;
  const ws = new WebSocket(`ws://127.0.0.1:${port}${path}?${query}`);
  ws.on('message', (data) => {
    const m = JSON.parse(String(data)) as LocationUpdate;
    if (m.type === 'location_update') count(t, [Date.parse(m.payload.timestamp)]);
  });
  return ws;
}

/** BENCH_CPU_PROF=dir writes a V8 CPU profile of each server child there. */
const profileDir = process.env['BENCH_CPU_PROF'];
const profile = profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : [];

async function run(variant: Variant): Promise<void> {
  const child = fork(new URL(import.meta.url).pathname, ['serve', variant], {
    execArgv: ['--import', 'tsx', ...profile],
  });
  const messages: unknown[] = [];
  const waiters: Array<() => void> = [];
  child.on('message', (m) => {
    messages.push(m);
    waiters.splice(0).forEach((w) => w());
  });
  const next = async <T>(): Promise<T> => {
    while (messages.length === 0) await new Promise<void>((r) => waiters.push(r));
    return messages.shift() as T;
  };

  const { port } = await next<{ port: number }>();
  const t: ClientTally = { delivered: 0, latencies: [] };
  const clients: Array<{ close(): void }> = [];
  for (let f = 0; f < FLEETS; f++) {
    for (let d = 0; d < DASHBOARDS; d++) {
      if (variant === 'load-only') continue;
      if (variant.startsWith('sio')) {
        const s = sioClient(variant, port, f, t);
        clients.push({ close: () => s.disconnect() });
      } else {
        const ws = wsClient(variant, port, f, t);
        clients.push({ close: () => ws.terminate() });
      }
    }
  }
  await sleep(1000);
  child.send('start');
  await sleep(WARMUP_MS);
  t.delivered = 0;
  t.latencies = [];
  const server = await next<ServerTally>();
  const { delivered, latencies } = t;
  for (const c of clients) c.close();

  latencies.sort((a, b) => a - b);
  const p = (q: number) => latencies[Math.floor(q * (latencies.length - 1))] ?? NaN;
  const perCpuSecond = delivered / (server.cpuMs / 1000);
  console.log(
    [
      variant.padEnd(12),
      `published ${server.published}`,
      `delivered ${delivered} (${((100 * delivered) / (server.published * DASHBOARDS)).toFixed(0)} %)`,
      `server CPU ${server.cpuMs.toFixed(0)} ms (${server.systemMs.toFixed(0)} system)`,
      `updates/CPU-s ${perCpuSecond.toFixed(0)}`,
      `bytes/update ${(server.bytes / delivered).toFixed(1)}`,
      `p50 ${p(0.5)} ms`,
      `p99 ${p(0.99)} ms`,
    ].join('  '),
  );
}

if (process.argv[2] === 'serve') {
  await serve(process.argv[3] as Variant);
} else {
  const chosen = process.argv.slice(2);
  console.log(
    `${FLEETS} fleets × ${VEHICLES} vehicles at 1 Hz, ` +
      `${DASHBOARDS} clients per fleet, ${SECONDS} s measured`,
  );
  for (const v of chosen.length > 0 ? chosen : VARIANTS) await run(v);
  process.exit(0);
}
