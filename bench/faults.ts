/**
 * What a flaky network costs a client, with and without resume. A whole
 * Fleetlight without the demo on 127.0.0.1 raises high alerts at a
 * steady rate; BENCH_CLIENTS client-SDK clients and as many bare Bookovia
 * sockets (reconnect after 500 ms, no resume) read them, as many SDK
 * clients read a second Fleetlight bridged to the first (bridge mode),
 * and as many Socket.IO clients with the dashboard's resume and without:
 * each client and the bridge through a TCP proxy of its own. Every BENCH_CUT_EVERY_MS (± 20 %, each link on
 * its own schedule) a proxy cuts its link and refuses to carry another
 * for BENCH_CUT_MS. At the end, for each kind: the share of raised alerts
 * received at least once, the duplicates, and those that came after an
 * alert raised later (out of order).
 *
 *   npm run bench:faults
 *   # BENCH_SECONDS (120), BENCH_CLIENTS (10), BENCH_RATE alerts/s (10),
 *   # BENCH_CUT_EVERY_MS (10000), BENCH_CUT_MS (2000)
 */
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { io } from 'socket.io-client';
import WebSocket from 'ws';
import { FleetClient } from '../lib/client';
import { SocketPosition } from '../lib/client/socket-position';
import type { FleetSocket } from '../components/fleet-store-context';
import { createFleetlight } from '../server/app';
import { storeApiKey } from '../server/auth/api-keys';
import { loadConfig } from '../server/config';
import { registerFleets } from '../server/db/fleets';
import { createLogger } from '../server/log';
import { engineAlert } from '../test/support/alerts';
import { TcpProxy } from '../test/support/tcp-proxy';

const FLEET = 'bench-fleet';
const KEY = 'bench-faults-key-0123456789abcdef';
const env = (name: string, fallback: number) => Number(process.env[name] ?? fallback);
const SECONDS = env('BENCH_SECONDS', 120);
const CLIENTS = env('BENCH_CLIENTS', 10);
const RATE = env('BENCH_RATE', 10);
const CUT_EVERY_MS = env('BENCH_CUT_EVERY_MS', 10_000);
const CUT_MS = env('BENCH_CUT_MS', 2000);
/** How long the clients get to catch up once the last alert is raised. */
const SETTLE_MS = 15_000;

/**
 * `sdk` and `bare` read the server that raises the alerts; `bridged` are
 * client-SDK clients of a second server in bridge mode, whose own link
 * to the first is cut like theirs.
 */
type Kind = 'sdk' | 'bare' | 'bridged' | 'sio' | 'bare-sio';
const KINDS: readonly Kind[] = ['sdk', 'bare', 'bridged', 'sio', 'bare-sio'];
/** Kinds that promise every alert: the run waits for them to catch up. */
const RESUMING: ReadonlySet<Kind> = new Set(['sdk', 'bridged', 'sio']);

/** The alert ids one client handled, in the order it handled them. */
interface Reader {
  kind: Kind;
  got: string[];
  close(): void;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function sdkReader(port: number, kind: Kind): Reader {
  const client = new FleetClient({
    url: `ws://127.0.0.1:${port}/v1/streaming/websocket`,
    apiKey: KEY,
    fleetId: FLEET,
    WebSocket,
    // What is measured is resuming on the socket, not the polling fallback.
    transport: 'websocket',
    wake: null,
    reconnect: { initialMs: 250, maxMs: 2000 },
    heartbeat: { intervalMs: 5000, timeoutMs: 5000 },
  });
  const reader: Reader = { kind, got: [], close: () => client.close() };
  client.subscribe('alerts', (m) => reader.got.push(m.payload.alert_id));
  client.connect();
  return reader;
}

/** A Bookovia client as the spec describes one: reconnects, never resumes. */
function bareReader(port: number): Reader {
  let closed = false;
  let ws: WebSocket | undefined;
  const reader: Reader = {
    kind: 'bare',
    got: [],
    close() {
      closed = true;
      ws?.close();
    },
  };
  const open = () => {
    if (closed) return;
    const query = `api_key=${KEY}&fleet_id=${FLEET}&subscriptions=alerts`;
    ws = new WebSocket(`ws://127.0.0.1:${port}/v1/streaming/websocket?${query}`);
    ws.on('message', (data) => {
      const m = JSON.parse(String(data)) as {
        channel?: string;
        payload?: { alert_id?: string };
      };
      if (m.channel === 'alerts' && m.payload?.alert_id)
        reader.got.push(m.payload.alert_id);
    });
    ws.on('error', () => {});
    ws.on('close', () => setTimeout(open, 500));
  };
  open();
  return reader;
}

/**
 * A Socket.IO client of the fleet's room. `resume` makes it the
 * dashboard's: it hands back its place in the stream on every reconnect
 * and acknowledges critical alerts. Without, it is Socket.IO as it comes:
 * it reconnects and takes what is sent from then on.
 */
function socketIoReader(port: number, resume: boolean): Reader {
  const reader: Reader = { kind: resume ? 'sio' : 'bare-sio', got: [], close: () => {} };
  const position = new SocketPosition(FLEET, (offset) => socket.emit('ack', { offset }));
  const socket: FleetSocket = io(`http://127.0.0.1:${port}`, {
    transports: ['websocket'],
    reconnectionDelay: 250,
    reconnectionDelayMax: 2000,
    auth: (cb) =>
      cb({ apiKey: KEY, fleetId: FLEET, ...(resume && { resume: position.resume() }) }),
  });
  socket.on('snapshot', (snap) => {
    // A reset hands over the open alerts instead of the missed events.
    if (resume && position.snapshot(snap)) {
      for (const a of snap.alerts ?? []) reader.got.push(a.payload.alert_id);
    }
  });
  socket.on('alerts', (m) => {
    if (!resume || position.admit(m)) reader.got.push(m.payload.alert_id);
  });
  socket.on('disconnect', (reason) => {
    if (reason === 'io server disconnect') socket.connect();
  });
  reader.close = () => socket.disconnect();
  return reader;
}

/** A port nothing listens on: where a proxy sends links while it is down. */
async function deadPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((r) => server.close(r));
  return port;
}

/** Cuts the proxy's link for CUT_MS about every CUT_EVERY_MS; answers the stop. */
function flap(proxy: TcpProxy, target: number, dead: number): () => void {
  let timer: ReturnType<typeof setTimeout>;
  const next = () => {
    const wait = CUT_EVERY_MS * (0.8 + 0.4 * Math.random());
    timer = setTimeout(() => {
      proxy.retarget(dead);
      proxy.cut();
      timer = setTimeout(() => {
        proxy.retarget(target);
        next();
      }, CUT_MS);
    }, wait);
  };
  next();
  return () => {
    clearTimeout(timer);
    proxy.retarget(target);
  };
}

interface Score {
  delivered: number;
  duplicates: number;
  outOfOrder: number;
}

function score(reader: Reader, order: Map<string, number>): Score {
  const seen = new Set<string>();
  let duplicates = 0;
  let outOfOrder = 0;
  let latest = -1;
  for (const id of reader.got) {
    if (seen.has(id)) {
      duplicates++;
      continue;
    }
    seen.add(id);
    const at = order.get(id) ?? -1;
    if (at < latest) outOfOrder++;
    latest = Math.max(latest, at);
  }
  return { delivered: seen.size, duplicates, outOfOrder };
}

/** A Fleetlight without the demo in a directory of its own, listening. */
async function startApp(env: Record<string, string> = {}) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fleetlight-bench-'));
  const config = loadConfig({
    PORT: '0',
    HOST: '127.0.0.1',
    DEMO: 'off',
    DATA_DIR: dir,
    LOG_LEVEL: 'silent',
    ...env,
  });
  const app = await createFleetlight(config, createLogger('silent'), undefined, {
    bridge: { reconnect: { initialMs: 250, maxMs: 2000 } },
  });
  const port = Number(new URL(await app.listen()).port);
  const close = async () => {
    await app.close();
    fs.rmSync(dir, { recursive: true, force: true });
  };
  return { app, port, close };
}

async function main(): Promise<void> {
  const up = await startApp();
  const { app } = up;
  await registerFleets(app.db, [{ id: FLEET, name: FLEET, timezone: 'UTC' }], []);
  await storeApiKey(app.db, KEY, { role: 'viewer', label: 'bench', fleets: [FLEET] });
  const dead = await deadPort();
  const proxies: TcpProxy[] = [];
  const proxy = async (target: number) => {
    const p = await TcpProxy.start(target);
    proxies.push(p);
    return { p, target };
  };

  // The bridge: a second server reading the first through a proxy.
  const link = await proxy(up.port);
  const down = await startApp({
    BOOKOVIA_UPSTREAM_URL: `ws://127.0.0.1:${link.p.port}`,
    BOOKOVIA_UPSTREAM_KEY: KEY,
  });
  while (!down.app.state.fleet(FLEET)) await sleep(50);
  await storeApiKey(down.app.db, KEY, {
    role: 'viewer',
    label: 'bench',
    fleets: [FLEET],
  });

  const readers: Reader[] = [];
  const links = [link];
  for (let i = 0; i < CLIENTS; i++) {
    const [sdk, bare, bridged, sio, bareSio] = [
      await proxy(up.port),
      await proxy(up.port),
      await proxy(down.port),
      await proxy(up.port),
      await proxy(up.port),
    ];
    readers.push(sdkReader(sdk.p.port, 'sdk'));
    readers.push(bareReader(bare.p.port));
    readers.push(sdkReader(bridged.p.port, 'bridged'));
    readers.push(socketIoReader(sio.p.port, true));
    readers.push(socketIoReader(bareSio.p.port, false));
    links.push(sdk, bare, bridged, sio, bareSio);
  }
  await sleep(1000);
  const stops = links.map(({ p, target }) => flap(p, target, dead));

  const order = new Map<string, number>();
  const started = Date.now();
  let vehicle = 0;
  while (Date.now() - started < SECONDS * 1000) {
    const tick = Date.now();
    const alert = engineAlert(FLEET, `veh-${++vehicle}`, { severity: 'high' });
    const stored = await app.alerts.raise(alert);
    if (stored) order.set(stored.alert_id, order.size);
    await sleep(Math.max(0, 1000 / RATE - (Date.now() - tick)));
  }
  for (const stop of stops) stop();
  const raisedFor = (Date.now() - started) / 1000;
  const settleStart = Date.now();
  const sdk = readers.filter((r) => RESUMING.has(r.kind));
  while (Date.now() - settleStart < SETTLE_MS) {
    if (sdk.every((r) => new Set(r.got).size >= order.size)) break;
    await sleep(100);
  }
  await sleep(1000);

  report(readers, order, raisedFor);
  for (const r of readers) r.close();
  for (const p of proxies) await p.close();
  await down.close();
  await up.close();
}

function report(readers: Reader[], order: Map<string, number>, seconds: number): void {
  const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
  const [load1] = os.loadavg();
  console.log(
    `${os.cpus().length} × ${cpu}, load ${load1?.toFixed(1)}, Node ${process.version}`,
  );
  console.log(
    `${order.size} alerts in ${seconds.toFixed(0)} s; ${CLIENTS} clients of each kind; ` +
      `each link cut for ${CUT_MS} ms about every ${CUT_EVERY_MS} ms\n`,
  );
  console.log('kind      delivered (min–max per client)  duplicates  out of order');
  for (const kind of KINDS) {
    const scores = readers.filter((r) => r.kind === kind).map((r) => score(r, order));
    const shares = scores.map((s) => s.delivered / Math.max(1, order.size));
    const total = scores.reduce((sum, s) => sum + s.delivered, 0);
    const share = total / Math.max(1, order.size * scores.length);
    const dup = scores.reduce((sum, s) => sum + s.duplicates, 0);
    const ooo = scores.reduce((sum, s) => sum + s.outOfOrder, 0);
    const pct = (x: number) => `${(100 * x).toFixed(2)} %`;
    console.log(
      `${kind.padEnd(8)}  ${pct(share).padStart(8)} (${pct(Math.min(...shares))}–` +
        `${pct(Math.max(...shares))})  ${String(dup).padStart(10)}  ${String(ooo).padStart(12)}`,
    );
  }
}

await main();
