/**
 * One Socket.IO node for bench/adapters.ts, in a process of its own so its
 * CPU time is its own: `adapter-node.ts <sharded|streams> <redisUrl> <prefix>`.
 * Sockets join the room named in their `auth.room`. Prints `port <n>`,
 * then answers stdin lines: `emit <count> <bytes>` (to room `fleet:x`, as
 * fast as it can), `tick <count> <ms>` (one every `ms`) and `stats` (CPU
 * time and adapter messages received, as JSON).
 */
import http from 'node:http';
import { createInterface } from 'node:readline';
import { createClient } from 'redis';
import { Server } from 'socket.io';
import { attachRedisAdapter, type AdapterKind } from '../server/cluster/adapter';

const [kind, url, prefix] = process.argv.slice(2) as [AdapterKind, string, string];
const server = http.createServer();
const io = new Server(server);
const base = createClient({ url });
base.on('error', () => undefined);
await base.connect();
await attachRedisAdapter(io, base, kind, prefix);

// Every message the adapter takes from Redis, for this node or not.
let received = 0;
const adapter = io.of('/').adapter as unknown as { onMessage(...a: unknown[]): void };
const onMessage = adapter.onMessage.bind(adapter);
adapter.onMessage = (...args: unknown[]) => {
  received++;
  onMessage(...args);
};

io.on('connection', (socket) => {
  const room: unknown = socket.handshake.auth['room'];
  if (typeof room === 'string') void socket.join(room);
});
await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
process.stdout.write(`port ${(server.address() as { port: number }).port}\n`);

const lines = createInterface({ input: process.stdin });
lines.on('line', (line) => void command(line.trim().split(' ')));
lines.on('close', () => process.exit(0));

async function command([name, a = '0', b = '0']: string[]): Promise<void> {
  if (name === 'stats') {
    const cpu = process.cpuUsage();
    process.stdout.write(
      `${JSON.stringify({ cpuUs: cpu.user + cpu.system, received })}\n`,
    );
    return;
  }
  const count = Number(a);
  const payload = 'x'.repeat(Number(b));
  for (let i = 0; i < count; i++) {
    io.to('fleet:x').emit('alerts', { i, payload });
    if (name === 'tick') await new Promise((r) => setTimeout(r, Number(b)));
    // Let the socket drain now and then, as a busy server would.
    else if (i % 200 === 199) await new Promise((r) => setImmediate(r));
  }
  process.stdout.write('done\n');
}
