import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { Principal } from '../../server/auth/api-keys';
import { openDatabase } from '../../server/db/open';
import { FleetState } from '../../server/fleet/fleet-state';
import { createLogger } from '../../server/log';
import { StreamHub } from '../../server/stream/hub';
import {
  createBookoviaServer,
  DEFAULT_MAX_PAYLOAD_BYTES,
  type BookoviaServer,
} from '../../server/transports/bookovia/server';
import { createSnapshotSource } from '../../server/transports/snapshot';
import { TestSocket } from '../support/ws-client';

const FLEET = 'fleet-1';
const KEY = 'robustness-key-0123456789';
const PATH = '/v1/streaming/websocket';

type LogLine = Record<string, unknown> & { level: string; msg: string };

interface Harness {
  url: string;
  logs: LogLine[];
  bookovia: BookoviaServer;
}

/**
 * Only the Bookovia endpoints, on 127.0.0.1, with a logger the test reads
 * and a heartbeat short enough to watch. One key reads one empty fleet.
 */
async function startBookovia(opts: { heartbeatMs?: number } = {}): Promise<Harness> {
  const logs: LogLine[] = [];
  const log = createLogger('debug', (line) => logs.push(JSON.parse(line) as LogLine));
  const state = new FleetState();
  state.registerFleet({ id: FLEET, name: 'Fleet 1', timezone: 'UTC' });
  const hub = new StreamHub();
  const principal: Principal = {
    keyId: 'key-1',
    role: 'admin',
    fleets: new Set([FLEET]),
  };
  const bookovia = createBookoviaServer({
    hub,
    state,
    log,
    snapshots: createSnapshotSource(state, hub),
    authenticate: (key) => Promise.resolve(key === KEY ? principal : null),
    authTimeoutMs: 10_000,
    ...opts,
  });
  const server = http.createServer((_req, res) => res.writeHead(404).end());
  server.on('upgrade', (req, socket, head) => {
    if (!bookovia.handleUpgrade(req, socket, head)) socket.destroy();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  cleanups.push(async () => {
    await bookovia.close();
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });
  return { url: `ws://127.0.0.1:${port}${PATH}`, logs, bookovia };
}

const cleanups: Array<() => void | Promise<void>> = [];

afterEach(async () => {
  for (const task of cleanups.splice(0).reverse()) await task();
});

async function connect(url: string): Promise<TestSocket> {
  const socket = await TestSocket.open(url);
  cleanups.push(() => socket.ws.terminate());
  return socket;
}

/** Resolves with what happened first: the socket closed, or `ms` passed. */
function closedWithin(socket: TestSocket, ms: number) {
  const timeout = new Promise<'open'>((r) => setTimeout(() => r('open'), ms));
  return Promise.race([socket.closed, timeout]);
}

const E_LONG = 'é'.repeat(48);
const EURO_LONG = '€'.repeat(64);

describe('refusals never leave a socket open', () => {
  it.each([
    ['an auth message', '', { api_key: KEY, fleet_id: E_LONG }],
    ['the query', `?api_key=${KEY}&fleet_id=${encodeURIComponent(E_LONG)}`, null],
  ])(
    'closes a refused multi-byte fleet id from %s with a fixed reason',
    async (_how, query, payload) => {
      const { url } = await startBookovia();
      const ws = await connect(url + query);
      if (payload) ws.send({ type: 'auth', id: 'a1', payload });

      const closed = await closedWithin(ws, 2000);

      expect(closed).toEqual({ code: 4403, reason: 'fleet_forbidden' });
      expect(ws.messages.map((m) => m.type)).toEqual(['auth_error']);
      expect(ws.messages[0]?.payload['code']).toBe('fleet_forbidden');
    },
  );

  it('closes a refused vehicle endpoint with its fixed reason, not the id', async () => {
    const { url } = await startBookovia();
    // 14 euro signs: 126 characters once encoded, within the path's limit.
    const id = encodeURIComponent('€'.repeat(14));
    const ws = await connect(`${url}/vehicle/${id}?api_key=${KEY}`);

    const closed = await closedWithin(ws, 2000);

    expect(closed).toEqual({ code: 4404, reason: 'not_found' });
    expect(ws.messages.map((m) => m.type)).toEqual(['auth_error']);
  });

  it('echoes at most 64 characters of a client id in the error message', async () => {
    const { url } = await startBookovia();
    const ws = await connect(url);
    ws.send({ type: 'auth', payload: { api_key: KEY, fleet_id: 'x'.repeat(128) } });

    const err = await ws.next((m) => m.type === 'auth_error');

    expect(err.payload['message']).toBe(`This key may not read fleet ${'x'.repeat(63)}…`);
  });

  it('keeps a 64-character euro channel name whole in the unknown_channel error', async () => {
    const { url } = await startBookovia();
    const ws = await connect(url);
    ws.send({
      type: 'auth',
      id: 'a1',
      payload: { api_key: KEY, subscriptions: [EURO_LONG] },
    });

    const err = await ws.next((m) => m.type === 'error');

    expect(err.payload).toEqual({
      code: 'unknown_channel',
      message: `Unknown channel "${EURO_LONG}"`,
      correlation_id: 'a1',
    });
    expect(await closedWithin(ws, 300)).toBe('open');
  });
});

describe('oversized frames', () => {
  it('logs "payload too large" at warn with the limit, never the content', async () => {
    const { url, logs } = await startBookovia();
    const ws = await connect(`${url}?api_key=${KEY}`);
    await ws.next((m) => m.type === 'auth_success');

    ws.send('x'.repeat(DEFAULT_MAX_PAYLOAD_BYTES + 1));

    expect((await ws.closed).code).toBe(1009);
    const warned = logs.filter((l) => l.msg === 'payload too large');
    expect(warned).toEqual([
      expect.objectContaining({
        level: 'warn',
        limit: DEFAULT_MAX_PAYLOAD_BYTES,
        endpoint: 'multi',
        remote: '127.0.0.1',
      }),
    ]);
    expect(JSON.stringify(logs)).not.toContain('xxxxxxxx');
  });
});

describe('refused authentications are logged', () => {
  it.each([
    ['invalid_api_key', '', { api_key: 'wrong-key-0123456789' }],
    ['missing_api_key', '', {}],
    ['invalid_message', '', { api_key: KEY, fleet_id: ['a'] }],
    ['fleet_forbidden', '/fleet/other', { api_key: KEY }],
  ])('logs %s at info with the endpoint and address', async (code, at, payload) => {
    const { url, logs } = await startBookovia();
    const ws = await connect(url + at);
    ws.send({ type: 'auth', payload });
    await ws.closed;

    const refused = logs.filter((l) => l.msg === 'auth refused');

    expect(refused).toEqual([
      expect.objectContaining({
        level: 'info',
        code,
        endpoint: at === '' ? 'multi' : 'fleet',
        remote: '127.0.0.1',
      }),
    ]);
    expect(JSON.stringify(logs)).not.toContain('wrong-key');
  });

  it('never logs the key, even one sent in the query', async () => {
    const { url, logs } = await startBookovia();
    const ws = await connect(`${url}?api_key=secret-0123456789`);
    await ws.closed;

    expect(logs.map((l) => l['code'])).toContain('invalid_api_key');
    expect(JSON.stringify(logs)).not.toContain('secret-0123456789');
  });
});

describe('C15: heartbeats keep idle sockets open behind idle-cutting proxies', () => {
  const PERIOD = 200;

  it('pings an idle authenticated socket every period and keeps it open', async () => {
    const { url } = await startBookovia({ heartbeatMs: PERIOD });
    const ws = await connect(`${url}?api_key=${KEY}`);
    await ws.next((m) => m.type === 'auth_success');
    const pings: number[] = [];
    ws.ws.on('ping', () => pings.push(Date.now()));

    const closed = await closedWithin(ws, PERIOD * 8);

    expect(closed).toBe('open');
    expect(pings.length).toBeGreaterThanOrEqual(5);
    const first = pings[0] ?? 0;
    const last = pings[pings.length - 1] ?? 0;
    const mean = (last - first) / (pings.length - 1);
    expect(mean).toBeGreaterThan(PERIOD * 0.8);
    expect(mean).toBeLessThan(PERIOD * 1.5);
  });

  it('terminates a peer that stops answering pings after one missed period', async () => {
    const { url, bookovia } = await startBookovia({ heartbeatMs: PERIOD });
    const silent = new WebSocket(`${url}?api_key=${KEY}`, { autoPong: false });
    cleanups.push(() => silent.terminate());
    const closed = new Promise<number>((resolve) => silent.on('close', resolve));
    const pinged = new Promise<number>((resolve) =>
      silent.once('ping', () => resolve(Date.now())),
    );

    const code = await closed;
    const missed = Date.now() - (await pinged);

    // No close frame: the server cut the connection (1006 on this side).
    expect(code).toBe(1006);
    expect(missed).toBeGreaterThan(PERIOD * 0.8);
    expect(missed).toBeLessThan(PERIOD * 2);
    await new Promise((r) => setTimeout(r, 20));
    expect(bookovia.sessions.size).toBe(0);
  });
});

describe('the database is private to its owner', () => {
  it('creates DATA_DIR 0700 and the database files 0600', async () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'fleetlight-perm-'));
    cleanups.push(() => fs.rmSync(root, { recursive: true, force: true }));
    const dataDir = path.join(root, 'nested', 'data');

    const db = await openDatabase({ dataDir: dataDir });
    cleanups.push(() => db.destroy());

    const mode = (p: string) => fs.statSync(p).mode & 0o777;
    expect(mode(dataDir)).toBe(0o700);
    // While open, WAL mode keeps -wal and -shm files beside the database.
    const files = fs.readdirSync(dataDir).sort();
    expect(files).toEqual([
      'fleetlight.sqlite',
      'fleetlight.sqlite-shm',
      'fleetlight.sqlite-wal',
    ]);
    for (const f of files) expect([f, mode(path.join(dataDir, f))]).toEqual([f, 0o600]);
  });

  it('tightens a database file an earlier version left readable', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'fleetlight-perm-'));
    cleanups.push(() => fs.rmSync(dataDir, { recursive: true, force: true }));
    const file = path.join(dataDir, 'fleetlight.sqlite');
    fs.writeFileSync(file, '');
    fs.chmodSync(file, 0o644);

    const db = await openDatabase({ dataDir: dataDir });
    await db.destroy();

    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
  });
});
