/**
 * The two Socket.IO Redis adapters side by side (docs/BENCHMARKS.md,
 * "Socket.IO Redis adapters"): the sharded Pub/Sub adapter of
 * @socket.io/redis-adapter and @socket.io/redis-streams-adapter. On a
 * redis-server of its own (started here, on a free port), three nodes in
 * processes of their own: A broadcasts to room `fleet:x`, B holds
 * BENCH_CLIENTS sockets in that room, C holds none. Measured per adapter:
 * messages/s delivered to B's sockets, CPU of A + B per delivered message,
 * adapter messages C received although it has no member of the room, and
 * what B's sockets got of a tick-per-10-ms broadcast across a 3 s pause
 * (SIGSTOP) of that Redis.
 *
 *   node --import tsx bench/adapters.ts
 *   # BENCH_CLIENTS (20), BENCH_MESSAGES (5000), BENCH_BYTES payload (300)
 */
import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { io, type Socket } from 'socket.io-client';
import type { AdapterKind } from '../server/cluster/adapter';
import { ROOT_DIR } from '../server/config';

const env = (name: string, fallback: number) => Number(process.env[name] ?? fallback);
const CLIENTS = env('BENCH_CLIENTS', 20);
const MESSAGES = env('BENCH_MESSAGES', 5000);
const BYTES = env('BENCH_BYTES', 300);
const TICKS = 600;
const TICK_MS = 10;

interface Node {
  child: ChildProcess;
  port: number;
  ask(line: string): Promise<string>;
}

async function startNode(kind: AdapterKind, url: string, prefix: string): Promise<Node> {
  const script = path.join(ROOT_DIR, 'bench', 'adapter-node.ts');
  const child = spawn(process.execPath, ['--import', 'tsx', script, kind, url, prefix], {
    cwd: ROOT_DIR,
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const waiting: Array<(line: string) => void> = [];
  createInterface({ input: child.stdout! }).on('line', (l) => waiting.shift()?.(l));
  const next = () => new Promise<string>((r) => waiting.push(r));
  const port = Number((await next()).split(' ')[1]);
  return {
    child,
    port,
    ask(line) {
      const answer = next();
      child.stdin!.write(`${line}\n`);
      return answer;
    },
  };
}

interface Stats {
  cpuUs: number;
  received: number;
}
const stats = async (n: Node) => JSON.parse(await n.ask('stats')) as Stats;

async function until(done: () => boolean, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (!done() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5));
  return done();
}

async function measure(kind: AdapterKind, redis: OwnRedis) {
  const prefix = `bench-${kind}:`;
  const [a, b, c] = await Promise.all(
    [1, 2, 3].map(() => startNode(kind, redis.url, prefix)),
  );
  if (!a || !b || !c) throw new Error('a node did not start');
  const counts = new Array<number>(CLIENTS).fill(0);
  const sockets: Socket[] = [];
  for (let i = 0; i < CLIENTS; i++) {
    const s = io(`http://127.0.0.1:${b.port}`, {
      auth: { room: 'fleet:x' },
      transports: ['websocket'],
      forceNew: true,
    });
    s.on('alerts', () => counts[i]!++);
    sockets.push(s);
  }
  await until(() => sockets.every((s) => s.connected), 10_000);
  await new Promise((r) => setTimeout(r, 500));

  const total = () => counts.reduce((x, y) => x + y, 0);
  const [a0, b0, c0] = await Promise.all([a, b, c].map(stats));
  const t0 = process.hrtime.bigint();
  await a.ask(`emit ${MESSAGES} ${BYTES}`);
  await until(() => total() >= MESSAGES * CLIENTS, 60_000);
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  const [a1, b1, c1] = await Promise.all([a, b, c].map(stats));
  const delivered = total();
  const cpuUs = a1!.cpuUs - a0!.cpuUs + (b1!.cpuUs - b0!.cpuUs);

  counts.fill(0);
  const ticking = a.ask(`tick ${TICKS} ${TICK_MS}`);
  await new Promise((r) => setTimeout(r, 1000));
  redis.pause();
  await new Promise((r) => setTimeout(r, 3000));
  redis.resume();
  await ticking;
  await until(() => total() >= TICKS * CLIENTS, 10_000);
  const perClient = Math.min(...counts);

  for (const s of sockets) s.disconnect();
  for (const n of [a, b, c]) n.child.kill();
  return {
    adapter: kind,
    'messages/s (per socket)': Math.round(MESSAGES / seconds),
    'deliveries/s': Math.round(delivered / seconds),
    'CPU µs A+B per delivery': +(cpuUs / delivered).toFixed(1),
    'C received (no member)': c1!.received - c0!.received,
    'C CPU ms': Math.round((c1!.cpuUs - c0!.cpuUs) / 1000),
    [`paused 3 s: got of ${TICKS}`]: perClient,
  };
}

interface OwnRedis {
  url: string;
  pause(): void;
  resume(): void;
  stop(): void;
}

async function startRedis(): Promise<OwnRedis> {
  const port = await new Promise<number>((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const p = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(p));
    });
  });
  const child = spawn(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
    { stdio: 'ignore' },
  );
  await new Promise((r) => setTimeout(r, 500));
  return {
    url: `redis://127.0.0.1:${port}`,
    pause: () => child.kill('SIGSTOP'),
    resume: () => child.kill('SIGCONT'),
    stop: () => child.kill('SIGTERM'),
  };
}

const redis = await startRedis();
try {
  const rows = [];
  for (const kind of ['sharded', 'streams'] as const)
    rows.push(await measure(kind, redis));
  console.table(rows);
} finally {
  redis.stop();
}
process.exit(0);
