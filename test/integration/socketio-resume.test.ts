import { io, type Socket } from 'socket.io-client';
import { afterEach, describe, expect, it } from 'vitest';
import { SocketPosition } from '../../lib/client/socket-position';
import type {
  ClientToServerEvents,
  FleetSnapshot,
  SafetyAlert,
  ServerToClientEvents,
} from '../../lib/protocol';
import {
  QUIET_FLEET,
  QUIET_KEY,
  raiseAlert,
  startQuietServer,
} from '../support/quiet-fleet';
import { keyOf, startServer, type TestServer } from '../support/server';
import { TcpProxy } from '../support/tcp-proxy';

type Client = Socket<ServerToClientEvents, ClientToServerEvents>;

const servers: TestServer[] = [];
const proxies: TcpProxy[] = [];
const sockets: Client[] = [];

afterEach(async () => {
  for (const s of sockets.splice(0)) s.disconnect();
  for (const p of proxies.splice(0)) await p.close();
  for (const s of servers.splice(0)) await s.close();
});

async function through(server: TestServer): Promise<TcpProxy> {
  const proxy = await TcpProxy.start(Number(new URL(server.base).port));
  proxies.push(proxy);
  return proxy;
}

interface Reader {
  socket: Client;
  snapshots: FleetSnapshot[];
  /** Every alert copy that arrived, repeats included. */
  copies: SafetyAlert[];
  /** The alerts admitted as new, in the order taken. */
  alerts: string[];
  vehicles: Set<string>;
  acks: number[];
}

/** A dashboard-like reader: resumes, de-duplicates, and (maybe) acks. */
function read(
  proxy: TcpProxy,
  fleetId: string,
  apiKey: string,
  opts: { ack?: boolean } = {},
): Reader {
  const r: Reader = {
    socket: undefined as unknown as Client,
    snapshots: [],
    copies: [],
    alerts: [],
    vehicles: new Set(),
    acks: [],
  };
  const position = new SocketPosition(fleetId, (offset) => {
    r.acks.push(offset);
    if (opts.ack !== false) r.socket.emit('ack', { offset });
  });
  const socket: Client = io(`http://127.0.0.1:${proxy.port}`, {
    auth: (cb) => cb({ apiKey, fleetId, resume: position.resume(), positions: 'json' }),
    transports: ['websocket'],
    reconnectionDelay: 20,
    reconnectionDelayMax: 100,
    forceNew: true,
  });
  r.socket = socket;
  sockets.push(socket);
  // A server that shuts down says goodbye, which Socket.IO never retries.
  socket.on('disconnect', (reason) => {
    if (reason === 'io server disconnect') socket.connect();
  });
  socket.on('snapshot', (s) => {
    r.snapshots.push(s);
    if (position.snapshot(s)) {
      r.vehicles.clear();
      r.alerts.splice(0);
      for (const a of s.alerts ?? []) r.alerts.push(a.payload.alert_id);
    }
    for (const v of s.vehicles) r.vehicles.add(v.payload.vehicle_id);
  });
  socket.on('alerts', (m) => {
    r.copies.push(m);
    if (position.admit(m)) r.alerts.push(m.payload.alert_id);
  });
  socket.on('vehicle_locations', (m) => {
    if (position.admit(m)) r.vehicles.add(m.payload.vehicle_id);
  });
  return r;
}

/** Resolves once `done` holds, failing loudly after a deadline. */
async function until(done: () => boolean, what: string, timeoutMs = 15_000) {
  const deadline = Date.now() + timeoutMs;
  while (!done()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));
const connects = (r: Reader) => r.snapshots.length;

describe('Socket.IO resume', () => {
  it('delivers every alert exactly once, in order, across a dead link and a cut', async () => {
    const server = await startQuietServer();
    servers.push(server);
    const proxy = await through(server);
    const r = read(proxy, QUIET_FLEET, QUIET_KEY);
    await until(() => connects(r) === 1, 'the first snapshot');

    const raised: string[] = [];
    let n = 0;
    for (let cut = 0; cut < 3; cut++) {
      raised.push(await raiseAlert(server, ++n));
      // About two seconds in which the server writes into a dead link.
      proxy.stall();
      const stalledUntil = Date.now() + 2000;
      while (Date.now() < stalledUntil) {
        raised.push(await raiseAlert(server, ++n));
        await pause(50);
      }
      proxy.cut();
      await until(() => connects(r) === cut + 2, `reconnect ${cut}`);
    }
    raised.push(await raiseAlert(server, ++n));
    await until(() => r.alerts.length >= raised.length, 'every alert');

    expect(r.alerts).toEqual(raised);
    expect(r.snapshots.map((s) => s.resume?.status)).toEqual([
      'reset',
      'replayed',
      'replayed',
      'replayed',
    ]);
    expect(r.snapshots.slice(1).every((s) => s.epoch === r.snapshots[0]?.epoch)).toBe(
      true,
    );
    expect(proxy.accepted).toBe(4);
  });

  it('resets with the open alerts when the server restarted', async () => {
    const server = await startQuietServer();
    servers.push(server);
    const proxy = await through(server);
    const r = read(proxy, QUIET_FLEET, QUIET_KEY);
    await until(() => connects(r) === 1, 'the first snapshot');
    const before = await raiseAlert(server, 1);
    await until(() => r.alerts.length === 1, 'the first alert');

    await server.close({ keepData: true });
    servers.splice(0);
    const again = await startQuietServer({ DATA_DIR: server.dataDir });
    servers.push(again);
    proxy.retarget(Number(new URL(again.base).port));
    proxy.cut();
    await until(() => connects(r) === 2, 'the reconnect');
    const after = await raiseAlert(again, 2);
    await until(() => r.alerts.length === 2, 'the alert after the restart');

    const reset = r.snapshots[1]?.resume;
    expect(reset?.status === 'reset' && reset.reason).toBe('epoch_changed');
    expect(r.snapshots[1]?.alerts?.map((a) => a.payload.alert_id)).toEqual([before]);
    expect(r.alerts).toEqual([before, after]);
  });

  it('sends a critical alert again until acked, and once to a client that acks', async () => {
    const server = await startQuietServer({ ACK_RETRY_DELAYS_MS: '250,250' });
    servers.push(server);
    const proxy = await through(server);
    const silent = read(proxy, QUIET_FLEET, QUIET_KEY, { ack: false });
    const acking = read(proxy, QUIET_FLEET, QUIET_KEY);
    await until(() => connects(silent) + connects(acking) === 2, 'both snapshots');

    const id = await raiseAlert(server, 1);
    await until(() => silent.copies.length === 3, 'the re-deliveries');
    await pause(800);

    expect(silent.copies.map((m) => m.payload.alert_id)).toEqual([id, id, id]);
    expect(silent.alerts).toEqual([id]);
    expect(acking.copies.map((m) => m.payload.alert_id)).toEqual([id]);
    expect(acking.acks).toEqual([acking.copies[0]?.seq]);
  });

  it('refuses a malformed resume, naming the field', async () => {
    const server = await startQuietServer();
    servers.push(server);
    const socket: Client = io(server.base, {
      auth: { apiKey: QUIET_KEY, fleetId: QUIET_FLEET, resume: { offset: -1 } },
      transports: ['websocket'],
      reconnection: false,
      forceNew: true,
    });
    sockets.push(socket);
    const error = await new Promise<{ code?: string; message?: string }>((resolve) => {
      socket.on('connect', () => resolve({ code: 'accepted' }));
      socket.on('connect_error', (e: Error & { data?: { code: string } }) =>
        resolve(e.data ?? {}),
      );
    });

    expect(error.code).toBe('invalid_message');
    expect(error.message).toMatch(/^Send auth\.resume as/);
  });
});

describe('Socket.IO resume with moving vehicles', () => {
  it('holds the server’s vehicle set after a cut', async () => {
    const server = await startServer();
    servers.push(server);
    const fleet = 'austin-metrorapid';
    const proxy = await through(server);
    const r = read(proxy, fleet, keyOf(server, fleet));
    await until(() => connects(r) === 1, 'the first snapshot');

    proxy.stall();
    await pause(2000);
    proxy.cut();
    await until(() => connects(r) === 2, 'the reconnect');
    const onServer = server.app.state.snapshot(fleet).map((s) => s.vehicleId);

    expect(r.snapshots[1]?.resume?.status).toBe('replayed');
    expect([...r.vehicles].sort()).toEqual([...new Set(onServer)].sort());
  });
});
