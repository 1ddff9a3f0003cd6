import { createShardedAdapter } from '@socket.io/redis-adapter';
import { createAdapter as createStreamsAdapter } from '@socket.io/redis-streams-adapter';
import type { Server } from 'socket.io';
import type { createClient } from 'redis';

type RedisClient = ReturnType<typeof createClient>;

/**
 * The two Socket.IO Redis adapters measured in docs/BENCHMARKS.md
 * ("Socket.IO Redis adapters"). Fleetlight uses `sharded`: room
 * operations reach only the nodes that have a member of the room, and the
 * fleet streams, which must survive a Redis pause, do not go through the
 * adapter at all (server/cluster/stream.ts).
 */
export type AdapterKind = 'sharded' | 'streams';

/**
 * Gives `io` a Redis adapter so that room operations (`io.to(room)`,
 * `io.in(room).disconnectSockets()`) reach the sockets of every node.
 * Answers the connections it opened, to close with the server.
 */
export async function attachRedisAdapter(
  io: Server,
  base: RedisClient,
  kind: AdapterKind,
  prefix: string,
): Promise<RedisClient[]> {
  if (kind === 'streams') {
    const client = base.duplicate();
    client.on('error', () => undefined);
    await client.connect();
    io.adapter(
      createStreamsAdapter(client, { streamName: prefix, channelPrefix: prefix }),
    );
    return [client];
  }
  const pub = base.duplicate();
  const sub = base.duplicate();
  // Errors are reported by the base client's own handlers; these only
  // keep an unhandled 'error' from ending the process.
  pub.on('error', () => undefined);
  sub.on('error', () => undefined);
  await Promise.all([pub.connect(), sub.connect()]);
  io.adapter(
    createShardedAdapter(pub, sub, {
      channelPrefix: prefix,
      subscriptionMode: 'dynamic',
    }),
  );
  return [pub, sub];
}
