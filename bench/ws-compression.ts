/**
 * What permessage-deflate costs and saves on the Bookovia endpoints.
 *
 * Each variant runs in a fresh process, so no run inherits another's heap:
 * it starts a whole Fleetlight on 127.0.0.1 in that process, with the demo
 * replaying fast, and connects BENCH_CLIENTS clients (default 50) from a
 * child process of its own, each subscribed to every channel of every
 * fleet. Over BENCH_SECONDS (default 20) it measures bytes on the wire per
 * message, the server process's CPU time (the clients' inflate runs in the
 * child, so it is not counted) and its RSS, then prints them as ratios
 * against the uncompressed run. BENCH_REPLAY_SPEED (default 120) sets the
 * demo's pace.
 *
 *   node --expose-gc --import tsx bench/ws-compression.ts
 *
 * Every variant replays the same recorded minutes from the same start.
 * Results and the chosen default: docs/BENCHMARKS.md.
 */
import { fork, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import WebSocket from 'ws';
import { CHANNELS } from '../lib/protocol';
import { createFleetlight } from '../server/app';
import { loadConfig } from '../server/config';
import { startDemo } from '../server/demo/start';
import { createLogger } from '../server/log';

const KEY = 'bench-compression-key-0123456789';
const PATH = '/v1/streaming/websocket';
const WARMUP_MS = 5000;

interface Variant {
  name: string;
  clients: boolean;
  compression: boolean;
  threshold: number;
}

const VARIANTS: Variant[] = [
  { name: 'no clients (engine only)', clients: false, compression: false, threshold: 0 },
  { name: 'off', clients: true, compression: false, threshold: 0 },
  { name: 'on, threshold 0', clients: true, compression: true, threshold: 0 },
  { name: 'on, threshold 512', clients: true, compression: true, threshold: 512 },
  { name: 'on, threshold 1024', clients: true, compression: true, threshold: 1024 },
];

/** What the child reports about one measured window. */
interface Tally {
  negotiated: number;
  messages: number;
  /** Bytes read from the TCP sockets: frames as sent, after deflate. */
  wireBytes: number;
  /** The same messages as JSON text, after inflate. */
  textBytes: number;
}

interface Result extends Tally {
  variant: Variant;
  cpuMs: number;
  /** The server process's RSS at the end of the window, after a GC. */
  rssBytes: number;
}

type ToChild = { cmd: 'start' } | { cmd: 'stop' };
type FromChild = { ready: number } | { tally: Tally };

function readInt(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > 2000) {
    throw new RangeError(`${name} must be a whole number from 1 to 2000`);
  }
  return n;
}

const CLIENTS = readInt('BENCH_CLIENTS', 50);
const REPLAY_SPEED = String(readInt('BENCH_REPLAY_SPEED', 120));
const SECONDS = readInt('BENCH_SECONDS', 20);

const [role, arg1, arg2] = process.argv.slice(2);
if (role === 'clients') await runClients(arg1 ?? '', Number(arg2));
else if (role === 'variant') await runVariant(Number(arg1));
else await main();

async function main(): Promise<void> {
  const results: Result[] = [];
  for (const [i, variant] of VARIANTS.entries()) {
    const r = await inChild<Result>(['variant', String(i)]);
    results.push(r);
    console.error(`${variant.name}: ${r.messages} messages, ${r.cpuMs} ms CPU`);
  }
  console.log(report(results));
}

/** Forks this file in `role` and resolves with the one message it sends. */
function inChild<T>(args: string[]): Promise<T> {
  const child = fork(import.meta.filename, args);
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`${args[0]} exited with ${code}`)));
    child.once('message', (m) => resolve(m as T));
  });
}

async function runVariant(index: number): Promise<void> {
  const variant = VARIANTS[index];
  if (!variant) throw new RangeError(`no variant ${index}`);
  process.send?.(await measure(variant));
  process.disconnect();
}

async function measure(variant: Variant): Promise<Result> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'fleetlight-bench-'));
  const config = loadConfig({
    PORT: '0',
    HOST: '127.0.0.1',
    LOG_LEVEL: 'silent',
    REPLAY_SPEED,
    DEMO_API_KEY: KEY,
    DATA_DIR: dataDir,
    WS_COMPRESSION: variant.compression ? 'on' : 'off',
    WS_COMPRESSION_THRESHOLD: String(variant.threshold),
  });
  const log = createLogger('silent');
  const app = await createFleetlight(config, log);
  await startDemo(app, log);
  const wsBase = (await app.listen()).replace(/^http/, 'ws');
  await sleep(WARMUP_MS);

  try {
    const child = variant.clients ? await spawnClients(wsBase) : undefined;

    child?.send({ cmd: 'start' } satisfies ToChild);
    const cpuBefore = process.cpuUsage();
    await sleep(SECONDS * 1000);
    const cpu = process.cpuUsage(cpuBefore);
    const tally = child ? await stopClients(child) : emptyTally();

    collectGarbage();
    const rssBytes = process.memoryUsage().rss;
    child?.kill();
    return {
      variant,
      ...tally,
      cpuMs: Math.round((cpu.user + cpu.system) / 1000),
      rssBytes,
    };
  } finally {
    await app.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

/** Resolves once every client is authenticated. */
function spawnClients(wsBase: string): Promise<ChildProcess> {
  const child = fork(import.meta.filename, ['clients', wsBase, String(CLIENTS)]);
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('message', () => resolve(child));
  });
}

function stopClients(child: ChildProcess): Promise<Tally> {
  return new Promise((resolve) => {
    child.on('message', (m: FromChild) => {
      if ('tally' in m) resolve(m.tally);
    });
    child.send({ cmd: 'stop' } satisfies ToChild);
  });
}

/** The child: `count` clients that offer deflate, counting what arrives. */
async function runClients(wsBase: string, count: number): Promise<void> {
  const query = `?api_key=${KEY}&subscriptions=${CHANNELS.join(',')}`;
  const sockets = await Promise.all(
    Array.from({ length: count }, () => openClient(`${wsBase}${PATH}${query}`)),
  );
  const tally = emptyTally();
  let counting = false;
  let wireAtStart = 0;
  const wire = () => sockets.reduce((sum, s) => sum + s.tcp.bytesRead, 0);

  for (const s of sockets) {
    s.ws.on('message', (data: Buffer) => {
      if (!counting) return;
      tally.messages++;
      tally.textBytes += data.length;
    });
  }
  process.on('message', (m: ToChild) => {
    if (m.cmd === 'start') {
      counting = true;
      wireAtStart = wire();
      return;
    }
    counting = false;
    tally.wireBytes = wire() - wireAtStart;
    tally.negotiated = sockets.filter((s) => s.ws.extensions !== '').length;
    process.send?.({ tally } satisfies FromChild);
  });
  process.send?.({ ready: sockets.length } satisfies FromChild);
}

interface Client {
  ws: WebSocket;
  tcp: { bytesRead: number };
}

/** Resolves once the client is authenticated, with its TCP socket. */
function openClient(url: string): Promise<Client> {
  const ws = new WebSocket(url, { perMessageDeflate: true });
  return new Promise((resolve, reject) => {
    let tcp: Client['tcp'] | undefined;
    ws.once('upgrade', (res) => (tcp = res.socket));
    ws.once('error', reject);
    ws.once('message', () => {
      if (tcp) resolve({ ws, tcp });
      else reject(new Error('no TCP socket seen at the upgrade'));
    });
  });
}

function emptyTally(): Tally {
  return { negotiated: 0, messages: 0, wireBytes: 0, textBytes: 0 };
}

/** `global.gc` exists under --expose-gc; without it RSS is noisier. */
function collectGarbage(): void {
  (globalThis as { gc?: () => void }).gc?.();
}

function report(results: Result[]): string {
  const base = results.find((r) => r.variant.name === 'off');
  const idle = results.find((r) => !r.variant.clients);
  if (!base || !idle) throw new Error('the baseline runs are missing');
  const sendCpu = (r: Result) => Math.max(r.cpuMs - idle.cpuMs, 1);
  const rssPerConn = (r: Result) =>
    Math.round((r.rssBytes - idle.rssBytes) / 1024 / CLIENTS);
  const perMsg = (r: Result) => r.wireBytes / Math.max(r.messages, 1);
  const ratio = (a: number, b: number) => (a / b).toFixed(2);

  const lines = [
    `clients ${CLIENTS}, window ${SECONDS} s, REPLAY_SPEED ${REPLAY_SPEED}, ` +
      `nproc ${os.availableParallelism()}, node ${process.version}`,
    '',
    '| variant | negotiated | messages | wire B/msg | ×off | CPU ms | send CPU ms | ×off | µs/msg | RSS KiB/conn | ×off |',
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |',
  ];
  for (const r of results) {
    if (!r.variant.clients) {
      const rss = `${Math.round(r.rssBytes / 1048576)} MiB total`;
      lines.push(
        `| ${r.variant.name} | – | – | – | – | ${r.cpuMs} | – | – | – | ${rss} | – |`,
      );
      continue;
    }
    const us = ((sendCpu(r) * 1000) / Math.max(r.messages, 1)).toFixed(1);
    lines.push(
      [
        '',
        r.variant.name,
        `${r.negotiated}/${CLIENTS}`,
        r.messages,
        perMsg(r).toFixed(0),
        ratio(perMsg(r), perMsg(base)),
        r.cpuMs,
        sendCpu(r),
        ratio(sendCpu(r), sendCpu(base)),
        us,
        rssPerConn(r),
        ratio(Math.max(rssPerConn(r), 1), Math.max(rssPerConn(base), 1)),
        '',
      ]
        .join(' | ')
        .trim(),
    );
  }
  return lines.join('\n');
}
