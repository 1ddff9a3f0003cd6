/**
 * What the shared fleet stream (server/cluster/stream.ts) costs per
 * message against a single node's hub: two SharedStreams in this process,
 * on a redis-server of their own, one publishing, the other watching the
 * fleet. Alerts go in at BENCH_RATE per second for BENCH_SECONDS, then as
 * fast as they can (BENCH_BURST). Reported: publish-to-delivery latency
 * (p50, p99, max), the burst's messages per second, and this process's CPU
 * per message, for the hub alone and through Redis. Redis' own CPU is
 * read from INFO.
 *
 *   node --import tsx bench/shared-stream.ts
 *   # BENCH_RATE (200), BENCH_SECONDS (10), BENCH_BURST (20000)
 */
import { spawn } from 'node:child_process';
import net from 'node:net';
import { createClient } from 'redis';
import type { StreamMessage } from '../lib/protocol';
import { SharedStream } from '../server/cluster/stream';
import { sharedEpoch } from '../server/cluster/epoch';
import { StreamHub } from '../server/stream/hub';
import { ReplayBuffer } from '../server/stream/replay';
import { engineAlert } from '../test/support/alerts';

const env = (name: string, fallback: number) => Number(process.env[name] ?? fallback);
const RATE = env('BENCH_RATE', 200);
const SECONDS = env('BENCH_SECONDS', 10);
const BURST = env('BENCH_BURST', 20_000);
const FLEET = 'bench-fleet';

interface Side {
  publish(n: number): void;
  delivered: Map<number, number>;
  close(): Promise<void>;
}

function alert(n: number) {
  const m = engineAlert(FLEET, `veh-${n % 50}`, { severity: 'high' });
  return { ...m, payload: { ...m.payload, alert_id: `al-${n}` } };
}
const numberOf = (m: StreamMessage) =>
  Number(String((m.payload as { alert_id?: string }).alert_id).slice(3));

function alone(): Side {
  const hub = new StreamHub();
  const replay = new ReplayBuffer(hub);
  const delivered = new Map<number, number>();
  hub.subscribe((p) => delivered.set(numberOf(p.message), performance.now()));
  return {
    publish: (n) => hub.publish(FLEET, alert(n)),
    delivered,
    close: async () => replay.close(),
  };
}

async function shared(url: string): Promise<Side> {
  const clients = Array.from({ length: 4 }, () => createClient({ url }));
  await Promise.all(clients.map((c) => c.connect()));
  const [c1, r1, c2, r2] = clients as [(typeof clients)[0], ...typeof clients];
  const epoch = await sharedEpoch(c1, 'bench:epoch');
  const make = (commands: typeof c1, reader: typeof c1) => {
    const stream = new SharedStream({
      commands,
      reader,
      prefix: 'bench:',
      epoch,
      maxEvents: 10_000,
    });
    const hub = new StreamHub({ epoch, relay: stream });
    const replay = new ReplayBuffer(hub);
    stream.start(hub, replay);
    return { stream, hub, replay };
  };
  const publisher = make(c1, r1!);
  const viewer = make(c2!, r2!);
  await viewer.stream.watch([FLEET]);
  const delivered = new Map<number, number>();
  viewer.hub.subscribe((p) => delivered.set(numberOf(p.message), performance.now()));
  return {
    publish: (n) => publisher.hub.publish(FLEET, alert(n)),
    delivered,
    async close() {
      await publisher.stream.close(100);
      await viewer.stream.close(100);
      for (const c of clients) c.destroy();
    },
  };
}

async function run(name: string, side: Side, redisCpu: () => Promise<number>) {
  const sent = new Map<number, number>();
  const gap = 1000 / RATE;
  let n = 0;
  const start = performance.now();
  while (performance.now() - start < SECONDS * 1000) {
    sent.set(++n, performance.now());
    side.publish(n);
    const next = start + n * gap;
    await new Promise((r) => setTimeout(r, Math.max(0, next - performance.now())));
  }
  await until(() => side.delivered.size >= n);
  const latencies = [...sent].map(([k, t]) => (side.delivered.get(k) ?? NaN) - t);
  latencies.sort((x, y) => x - y);
  const at = (q: number) => latencies[Math.floor(q * (latencies.length - 1))] ?? NaN;

  const cpu0 = process.cpuUsage();
  const redis0 = await redisCpu();
  const t0 = performance.now();
  for (let i = 0; i < BURST; i++) side.publish(++n);
  await until(() => side.delivered.size >= n);
  const seconds = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  const redisMs = (await redisCpu()) - redis0;
  await side.close();
  return {
    path: name,
    'p50 ms': +at(0.5).toFixed(2),
    'p99 ms': +at(0.99).toFixed(2),
    'max ms': +at(1).toFixed(2),
    'burst msg/s': Math.round(BURST / seconds),
    'node CPU µs/msg': +((cpu.user + cpu.system) / BURST).toFixed(1),
    'redis CPU µs/msg': +((redisMs * 1000) / BURST).toFixed(1),
  };
}

async function until(done: () => boolean) {
  const deadline = Date.now() + 60_000;
  while (!done()) {
    if (Date.now() > deadline) throw new Error('messages went missing');
    await new Promise((r) => setTimeout(r, 2));
  }
}

const port = await new Promise<number>((resolve) => {
  const s = net.createServer().listen(0, '127.0.0.1', () => {
    const p = (s.address() as net.AddressInfo).port;
    s.close(() => resolve(p));
  });
});
const redis = spawn(
  'redis-server',
  ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
  { stdio: 'ignore' },
);
await new Promise((r) => setTimeout(r, 500));
const url = `redis://127.0.0.1:${port}`;
const info = createClient({ url });
await info.connect();
const redisCpu = async () => {
  const text = await info.info('cpu');
  const field = (name: string) => Number(new RegExp(`${name}:([\\d.]+)`).exec(text)?.[1]);
  return (field('used_cpu_sys') + field('used_cpu_user')) * 1000;
};
try {
  const rows = [await run('hub alone', alone(), async () => 0)];
  rows.push(await run('through Redis', await shared(url), redisCpu));
  console.table(rows);
} finally {
  info.destroy();
  redis.kill('SIGTERM');
}
process.exit(0);
