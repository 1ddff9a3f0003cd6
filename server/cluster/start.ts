import { Counter, Gauge, type Metric } from 'prom-client';
import { createClient } from 'redis';
import type { Server } from 'socket.io';
import type { Logger } from '../log';
import type { StreamHub } from '../stream/hub';
import type { ReplayBuffer } from '../stream/replay';
import { attachRedisAdapter, type AdapterKind } from './adapter';
import { sharedEpoch } from './epoch';
import { clusterKeys } from './keys';
import { SharedStream, type SharedStreamEvents } from './stream';

export interface ClusterOptions {
  url: string;
  prefix: string;
  /** REPLAY_MAX_EVENTS: replayable events kept per fleet in Redis. */
  maxEvents: number;
  log: Logger;
  /** The Socket.IO adapter (default `sharded`, docs/BENCHMARKS.md). */
  adapter?: AdapterKind;
  /** How long a fleet stays watched after its last viewer left. */
  lingerMs?: number;
}

/** A node's part in a scale-out deployment; see docs/OPERATIONS.md, Scale-out. */
export interface Cluster {
  readonly epoch: string;
  readonly stream: SharedStream;
  /** Loads and follows fleets for a local viewer; see SharedStream.watch. */
  watch(fleetIds: readonly string[]): Promise<() => void>;
  /** Starts reading the shared stream into the hub. */
  start(hub: StreamHub, replay: ReplayBuffer): void;
  /** Gives Socket.IO the Redis adapter. */
  attach(io: Server): Promise<void>;
  /** For /readyz: Redis answers and the reader follows the stream. */
  ready(): Promise<boolean>;
  readonly metrics: Metric[];
  close(): Promise<void>;
}

/**
 * Connects a node to the Redis its peers share: reads (or sets) the shared
 * epoch, opens the command and reader connections, and reports what goes
 * wrong through the log and /metrics. Throws when Redis cannot be reached
 * at start: a node that cannot share its stream must not take traffic.
 */
export async function connectCluster(opts: ClusterOptions): Promise<Cluster> {
  const { log } = opts;
  const where = new URL(opts.url).host;
  const errors = new Counter({
    name: 'fleetlight_redis_errors_total',
    help: 'Redis commands or connections that failed, by what they were for',
    labelNames: ['op'],
    registers: [],
  });
  const received = new Counter({
    name: 'fleetlight_cluster_stream_messages_total',
    help: 'Messages read from the shared fleet streams, for fleets with local viewers',
    registers: [],
  });
  const dropped = new Counter({
    name: 'fleetlight_cluster_outbox_dropped_total',
    help: 'Messages (never alerts) dropped because the queue for Redis was full',
    registers: [],
  });

  // One warning per outage and connection, not one per reconnect attempt.
  const down = new Set<string>();
  const watchConnection = (client: RedisClient, op: string) => {
    client.on('error', (error: unknown) => {
      errors.inc({ op });
      if (down.has(op)) return;
      down.add(op);
      log.warn('redis connection lost; reconnecting', {
        op,
        redis: where,
        error: describe(error),
      });
    });
    client.on('ready', () => {
      if (down.delete(op)) log.info('redis connection back', { op, redis: where });
    });
  };
  let started = false;
  const options = {
    url: opts.url,
    // Commands fail at once while disconnected; the outbox and the reader
    // retry them, so nothing piles up unseen inside the client.
    disableOfflineQueue: true,
    socket: {
      reconnectStrategy: (retries: number, cause: Error) => {
        // At start, give up after about 5 s: the node must not come up alone.
        if (!started && retries >= START_ATTEMPTS) {
          return new Error(
            `Could not reach Redis at ${where} (${cause.message}); check REDIS_URL`,
          );
        }
        return Math.min(100 * 2 ** retries, 2000);
      },
    },
  };
  const commands: RedisClient = createClient(options);
  watchConnection(commands, 'commands');
  const reader: RedisClient = commands.duplicate();
  watchConnection(reader, 'reader');
  try {
    await Promise.all([commands.connect(), reader.connect()]);
  } catch (error) {
    for (const c of [commands, reader]) if (c.isOpen) c.destroy();
    throw error;
  }
  started = true;
  const keys = clusterKeys(opts.prefix);
  const epoch = await sharedEpoch(commands, keys.epoch);

  let warnedFull = false;
  const events: Partial<SharedStreamEvents> = {
    error: (op) => errors.inc({ op }),
    failed: (error, depth) => {
      log.warn('redis unreachable; stream messages wait in a queue', {
        depth,
        error: describe(error),
      });
    },
    recovered: (depth) => {
      warnedFull = false;
      log.info('redis reachable again; queued stream messages sent', { depth });
    },
    dropped: (message) => {
      dropped.inc();
      if (warnedFull) return;
      warnedFull = true;
      log.warn('queue for redis full; dropping messages that are not alerts', {
        channel: message.channel,
      });
    },
    readRecovered: () => log.info('reading the shared stream again'),
    received: (_fleetId, n) => received.inc(n),
    skipped: (fleetId, from, to) =>
      log.warn('stream reader fell behind; positions skipped', { fleetId, from, to }),
  };
  const stream = new SharedStream({
    commands,
    reader,
    prefix: opts.prefix,
    epoch,
    maxEvents: opts.maxEvents,
    ...(opts.lingerMs !== undefined && { lingerMs: opts.lingerMs }),
    events,
  });
  const depth = new Gauge({
    name: 'fleetlight_cluster_outbox_depth',
    help: 'Stream messages waiting to reach Redis',
    registers: [],
    collect() {
      this.set(stream.queued);
    },
  });
  let adapterClients: RedisClient[] = [];
  let epochLost = false;
  log.info('sharing the fleet streams through redis', { redis: where, epoch });

  return {
    epoch,
    stream,
    watch: (fleetIds) => stream.watch(fleetIds),
    start: (hub, replay) => stream.start(hub, replay),
    async attach(io) {
      adapterClients = await attachRedisAdapter(
        io,
        commands,
        opts.adapter ?? 'sharded',
        keys.adapter,
      );
    },
    async ready() {
      if (!commands.isReady || !stream.reads) return false;
      // Reading the epoch back proves Redis answers and still has our data.
      const answer = commands.sendCommand<string | null>(['GET', keys.epoch]).then(
        (found) => {
          if (found === epoch) return true;
          if (!epochLost) {
            epochLost = true;
            log.error('redis lost the shared epoch; restart every node', {
              redis: where,
            });
          }
          return false;
        },
        () => false,
      );
      const late = new Promise<boolean>((r) => setTimeout(() => r(false), 1000).unref());
      return Promise.race([answer, late]);
    },
    metrics: [errors, received, dropped, depth],
    async close() {
      await stream.close();
      // What had to be sent has been, or waited its turn in stream.close:
      // cut the connections rather than wait on a Redis that may be stalled.
      for (const c of [...adapterClients, reader, commands]) {
        if (c.isOpen) c.destroy();
      }
    },
  };
}

type RedisClient = ReturnType<typeof createClient>;

/** Connection attempts at start before giving up (about 5 s). */
const START_ATTEMPTS = 6;

/** An error's message, never the URL (which may hold the password). */
function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
