/**
 * A long fuzz run against the decoders, for leaks and stalls rather than
 * wrong answers (the property tests in test/unit/fuzz/ check those).
 *
 *   npm run bench:fuzz            # 1,000,000 inputs
 *   FUZZ_TOTAL=100000 npm run bench:fuzz
 *
 * Inputs are drawn from the arbitraries of test/unit/fuzz/hostile.ts:
 * Bookovia client frames (valid, near-valid, arbitrary JSON and text),
 * Socket.IO handshake `auth` and event payloads, ingest fixes and OsmAnd
 * parameters. Most go through the decoders in-process; one in
 * SOCKET_SHARE goes over real sockets to a Fleetlight listening on
 * 127.0.0.1, same process. Reported: heap and RSS after warm-up and at the
 * end (both after a full GC), and the event loop's delay p99 while fuzzing.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import fc from 'fast-check';
import { io, type Socket } from 'socket.io-client';
import WebSocket from 'ws';
import {
  ackDataSchema,
  ingestBodySchema,
  socketAlertActionSchema,
  type Device,
} from '../lib/protocol';
import { createFleetlight } from '../server/app';
import { storeApiKey, type Principal } from '../server/auth/api-keys';
import { loadConfig } from '../server/config';
import { registerFleets } from '../server/db/fleets';
import { validateFix } from '../server/ingest/validate';
import { createLogger } from '../server/log';
import { readWireFix } from '../server/sources/http-fixes';
import { readOsmandJson, readOsmandParams } from '../server/sources/osmand';
import { authorize } from '../server/transports/socketio';
import { hostileValue, nearValid } from '../test/unit/fuzz/hostile';
import { answerTo } from '../test/unit/fuzz/session-harness';

const TOTAL = Number(process.env['FUZZ_TOTAL'] ?? 1_000_000);
const WARM_UP = Math.min(50_000, Math.floor(TOTAL / 10));
/** Inputs drawn and fed per turn of the event loop. */
const BATCH = 500;
/** One input in this many goes over a real socket. */
const SOCKET_SHARE = 20;
const FLEET = 'fuzz-fleet';
const KEY = 'fuzz-bench-key-0123456789';
const SEED = 20_261_205;

const FRAMES = [
  { type: 'auth', id: 'a1', payload: { api_key: 'good-key', subscriptions: ['alerts'] } },
  { type: 'subscribe', id: 's1', payload: { channel: 'alerts' } },
  { type: 'unsubscribe', payload: { channels: ['vehicle_locations'] } },
  { type: 'request', id: 'r1', payload: { data: { resource: 'vehicles' } } },
  { type: 'request', payload: { data: { resource: 'trip', trip_id: 't1' } } },
  { type: 'ping', id: 'p1' },
  { type: 'resume', payload: { data: { epoch: 'e1', offset: 3, ack: true } } },
  { type: 'ack', payload: { offsets: { 'fleet-1': 9 } } },
];
const AUTHS = [{ apiKey: 'good-key', fleetId: 'fleet-1', resume: { offset: 2 } }];
const EVENTS = [{ alertId: 'a1', requestId: 'r1', note: 'n' }, { offset: 3 }];
const FIXES = [
  {
    vehicle_id: 'bus-1',
    latitude: 30.27,
    longitude: -97.74,
    timestamp: '2026-03-10T09:59:00Z',
    speed_kmh: 40,
  },
];
const OSMAND = [{ id: 'phone-1', lat: '30.27', lon: '-97.74', timestamp: '1773136740' }];

type Input =
  | { kind: 'frame'; text: string; authenticated: boolean }
  | { kind: 'handshake'; auth: unknown }
  | { kind: 'event'; data: unknown }
  | { kind: 'fixes'; body: unknown }
  | { kind: 'osmand'; params: unknown };

const text = fc.oneof(
  nearValid(FRAMES).map((v) => JSON.stringify(v) ?? 'null'),
  hostileValue.map((v) => JSON.stringify(v) ?? 'null'),
  fc.string({ maxLength: 200 }),
);

const input: fc.Arbitrary<Input> = fc.oneof(
  {
    arbitrary: fc.record({
      kind: fc.constant('frame' as const),
      text,
      authenticated: fc.boolean(),
    }),
    weight: 4,
  },
  {
    arbitrary: fc.record({
      kind: fc.constant('handshake' as const),
      auth: fc.oneof(nearValid(AUTHS), hostileValue),
    }),
    weight: 2,
  },
  {
    arbitrary: fc.record({
      kind: fc.constant('event' as const),
      data: fc.oneof(nearValid(EVENTS), hostileValue),
    }),
    weight: 2,
  },
  {
    arbitrary: fc.record({
      kind: fc.constant('fixes' as const),
      body: fc.oneof(nearValid([{ fixes: FIXES }]), hostileValue),
    }),
    weight: 2,
  },
  {
    arbitrary: fc.record({
      kind: fc.constant('osmand' as const),
      params: fc.oneof(
        nearValid(OSMAND),
        fc.dictionary(fc.string({ maxLength: 10 }), fc.string({ maxLength: 20 })),
      ),
    }),
    weight: 1,
  },
);

const NOW = Date.UTC(2026, 2, 10, 10);
const DEVICE = {
  device_id: 'phone-1',
  vehicle_id: 'bus-1',
  fleet_id: 'fleet-1',
} as Device;
const VIEWER: Principal = { keyId: 'k1', role: 'viewer', fleets: new Set(['fleet-1']) };
const handshakeDeps = {
  authenticate: (key: string) => Promise.resolve(key === 'good-key' ? VIEWER : null),
};

/** Feeds one input through its decoders, in-process. */
async function decode(i: Input): Promise<void> {
  if (i.kind === 'frame') {
    await answerTo(i.text, i.authenticated);
    return;
  }
  if (i.kind === 'handshake') {
    await authorize({ handshake: { auth: i.auth } } as never, handshakeDeps).catch(
      () => {},
    );
    return;
  }
  if (i.kind === 'event') {
    socketAlertActionSchema.safeParse(i.data);
    ackDataSchema.safeParse(i.data);
    return;
  }
  if (i.kind === 'fixes') {
    const parsed = ingestBodySchema.safeParse(i.body);
    const fixes = parsed.success ? parsed.data.fixes : [i.body];
    fixes.forEach((raw, n) => {
      const read = readWireFix(raw, n, 'fleet-1', (id) =>
        id === DEVICE.device_id ? DEVICE : undefined,
      );
      if ('fix' in read) validateFix(read.fix, NOW);
    });
    return;
  }
  const entries =
    typeof i.params === 'object' && i.params ? Object.entries(i.params) : [];
  const params = new URLSearchParams(entries.map(([k, v]) => [k, asParam(v)]));
  readOsmandParams(params, NOW);
  readOsmandJson(i.params, NOW);
}

/** A value as a query parameter; an object without a prototype has no String(). */
function asParam(v: unknown): string {
  return typeof v === 'string' ? v : (JSON.stringify(v) ?? '');
}

/** Real sockets to a running server, fed the frame and event inputs. */
interface Wire {
  send(i: Input): void;
  sent: number;
  close(): Promise<void>;
}

async function startWire(): Promise<Wire> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fleetlight-fuzz-'));
  const config = loadConfig({
    PORT: '0',
    HOST: '127.0.0.1',
    DEMO: 'off',
    DATA_DIR: dir,
    LOG_LEVEL: 'silent',
    // The decoders are under test here, not the limits: let it all in.
    RATE_LIMIT_PER_S: '10000',
    RATE_LIMIT_BURST: '100000',
    RATE_LIMIT_CUT_AFTER: '1000000',
  });
  const app = await createFleetlight(config, createLogger('silent'));
  const base = await app.listen();
  await registerFleets(app.db, [{ id: FLEET, name: FLEET, timezone: 'UTC' }], []);
  await storeApiKey(app.db, KEY, { role: 'admin', label: 'fuzz', fleets: [FLEET] });

  let ws = await openWs(base);
  const sio: Socket = io(base, {
    auth: { apiKey: KEY, fleetId: FLEET },
    transports: ['websocket'],
    reconnection: false,
  });
  await new Promise<void>((r) => sio.once('connect', () => r()));
  const wire: Wire = {
    sent: 0,
    send(i) {
      // A frame the server closes on (a bad auth) costs a reconnect.
      if (ws.readyState !== WebSocket.OPEN) {
        void openWs(base).then((fresh) => (ws = fresh));
        return;
      }
      wire.sent++;
      if (i.kind === 'frame') ws.send(i.text);
      else if (i.kind === 'event') sio.emit('alert:ack', i.data, () => {});
      else sio.emit('ack', i.kind === 'handshake' ? i.auth : i);
    },
    async close() {
      ws.close();
      sio.disconnect();
      await app.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
  return wire;
}

async function openWs(base: string): Promise<WebSocket> {
  const ws = new WebSocket(
    `${base.replace(/^http/, 'ws')}/v1/streaming/websocket?api_key=${KEY}`,
  );
  ws.on('error', () => {});
  await new Promise((r) => ws.once('open', r));
  return ws;
}

function memory() {
  globalThis.gc?.();
  globalThis.gc?.();
  const m = process.memoryUsage();
  return { heap: m.heapUsed, rss: m.rss };
}

const mib = (b: number) => (b / 2 ** 20).toFixed(1);
const pct = (a: number, b: number) => (((b - a) / a) * 100).toFixed(1);

async function main(): Promise<void> {
  if (!globalThis.gc)
    throw new Error('Run with node --expose-gc (npm run bench:fuzz does)');
  const wire = await startWire();
  const lag = monitorEventLoopDelay({ resolution: 10 });
  const started = Date.now();
  let done = 0;
  let base = memory();
  let seed = SEED;
  while (done < TOTAL) {
    const batch = fc.sample(input, {
      numRuns: Math.min(BATCH, TOTAL - done),
      seed: seed++,
    });
    for (const i of batch) {
      if (done % SOCKET_SHARE === 0) wire.send(i);
      else await decode(i);
      done++;
    }
    if (done === WARM_UP) {
      base = memory();
      lag.enable();
    }
    await new Promise((r) => setImmediate(r));
    if (done % 100_000 === 0)
      console.error(`${done} inputs, ${((Date.now() - started) / 1000).toFixed(0)} s`);
  }
  lag.disable();
  // Let the server finish what the sockets sent before the last measure.
  await new Promise((r) => setTimeout(r, 2000));
  const end = memory();
  await wire.close();

  const seconds = (Date.now() - started) / 1000;
  console.log(`inputs: ${TOTAL} (${wire.sent} over sockets), ${seconds.toFixed(0)} s`);
  console.log(
    `heap after warm-up ${mib(base.heap)} MiB, at end ${mib(end.heap)} MiB: ${pct(base.heap, end.heap)} %`,
  );
  console.log(
    `RSS  after warm-up ${mib(base.rss)} MiB, at end ${mib(end.rss)} MiB: ${pct(base.rss, end.rss)} %`,
  );
  console.log(
    `event-loop delay while fuzzing: p50 ${(lag.percentile(50) / 1e6).toFixed(1)} ms, p99 ${(lag.percentile(99) / 1e6).toFixed(1)} ms, max ${(lag.max / 1e6).toFixed(1)} ms`,
  );
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
