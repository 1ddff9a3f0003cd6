import { randomUUID } from 'node:crypto';
import type { LocationUpdate } from '../../lib/protocol';
import type { StreamHub, StreamRelay, Unsent } from '../stream/hub';
import type { Kept, ReplayBuffer } from '../stream/replay';
import { decodeEntry, encodeFields, snapshotPosition } from './entry';
import { clusterKeys, fleetOfLiveKey, type ClusterKeys } from './keys';
import { Outbox, type OutboxEvents, type Outgoing } from './outbox';
import {
  parseEntries,
  parseHash,
  parseStreams,
  seqOfId,
  type StreamEntry,
} from './replies';
import { PUBLISH_SCRIPT, PUBLISH_SHA } from './script';
import { Watchers } from './watchers';

/** The few commands the stream needs; a node-redis client has them. */
export interface RedisLink {
  sendCommand<T = unknown>(args: readonly string[]): Promise<T>;
  readonly isReady: boolean;
}

export interface SharedStreamOptions {
  /** Commands: publishes, loads, wakes. */
  commands: RedisLink;
  /** A connection of its own: XREAD BLOCK holds it. */
  reader: RedisLink;
  prefix: string;
  /** The epoch every node shares (server/cluster/epoch.ts). */
  epoch: string;
  /** Most replayable events kept per fleet (REPLAY_MAX_EVENTS). */
  maxEvents: number;
  /** How long a fleet stays watched after its last viewer left (default 30 s). */
  lingerMs?: number;
  /** Most messages waiting for Redis, alerts aside (default 10 000). */
  outboxLimit?: number;
  /** Longest XREAD block, ms (default 5 s). */
  blockMs?: number;
  events?: Partial<SharedStreamEvents>;
}

/** What the stream reports; the edge logs and counts (server/cluster/start.ts). */
export interface SharedStreamEvents extends OutboxEvents {
  /** A Redis command failed, by what the stream was doing. */
  error(op: 'read' | 'load' | 'publish', error: unknown): void;
  /** Reading works again after `error('read')`. */
  readRecovered(): void;
  /** Messages of a watched fleet read from its shared stream. */
  received(fleetId: string, count: number): void;
  /** The reader fell so far behind that the live stream had moved on. */
  skipped(fleetId: string, from: number, to: number): void;
}

/** The state of one fleet this node watches. */
interface Watched {
  /** Resolves once the fleet's past is loaded and the reader follows it. */
  ready: Promise<void>;
  live: boolean;
  /** The newest `seq` delivered here. */
  seq: number;
  /** The latest position of each vehicle, as snapshots list them. */
  positions: Map<string, LocationUpdate>;
}

/**
 * A fleet stream shared by every node through Redis: the hub's relay on the
 * way out, and the reader that feeds the hub on the way in. Each message
 * is added once, by the node that produced it, to its fleet's Redis stream
 * with the next `seq` (server/cluster/script.ts); each node reads back
 * only the fleets it has viewers for, on one blocking connection, and
 * delivers them to its local transports in `seq` order. A fleet's first
 * viewer waits while its recent past (replay, latest positions) is loaded,
 * so a resume on any node finds what any other node published.
 */
export class SharedStream implements StreamRelay {
  private readonly keys: ClusterKeys;
  private readonly outbox: Outbox;
  private readonly watchers: Watchers;
  private readonly fleets = new Map<string, Watched>();
  private readonly nodeId = randomUUID();
  private hub: StreamHub | undefined;
  private replay: ReplayBuffer | undefined;
  private wakeId = '0-0';
  private reading: Promise<void> | undefined;
  private readFailing = false;
  private closed = false;

  constructor(private readonly opts: SharedStreamOptions) {
    this.keys = clusterKeys(opts.prefix);
    this.watchers = new Watchers(opts.lingerMs ?? 30_000, (f) => this.unwatch(f));
    this.outbox = new Outbox({
      send: (batch) => this.add(batch),
      ...(opts.outboxLimit !== undefined && { limit: opts.outboxLimit }),
      ...(opts.events && { events: opts.events }),
    });
  }

  /** Starts reading into `hub`; `replay` takes each fleet's loaded past. */
  start(hub: StreamHub, replay: ReplayBuffer): void {
    this.hub = hub;
    this.replay = replay;
    this.reading = this.read();
  }

  /** Messages waiting to reach Redis. */
  get queued(): number {
    return this.outbox.depth;
  }

  /** Whether the reader is following the shared stream now. */
  get reads(): boolean {
    return this.reading !== undefined && !this.readFailing && this.opts.reader.isReady;
  }

  /** The relay side: queues a message for its fleet's shared stream. */
  send(fleetId: string, unsent: Unsent): void {
    const position = unsent.channel === 'vehicle_locations';
    this.outbox.push({ fleetId, unsent, key: position ? '' : randomUUID() });
  }

  /**
   * Watches fleets for a local viewer: resolves once each is loaded and
   * followed, to the function that lets them go. Throws when Redis cannot
   * be read, having let go of them.
   */
  async watch(fleetIds: readonly string[]): Promise<() => void> {
    const held = [...new Set(fleetIds)];
    for (const f of held) this.watchers.hold(f);
    let released = false;
    const release = () => {
      if (released) return;
      released = true;
      for (const f of held) this.watchers.release(f);
    };
    try {
      await Promise.all(held.map((f) => this.follow(f).ready));
    } catch (error) {
      release();
      throw error;
    }
    return release;
  }

  /** The latest position of each vehicle of a watched fleet; [] otherwise. */
  positions(fleetId: string): LocationUpdate[] {
    return [...(this.fleets.get(fleetId)?.positions.values() ?? [])];
  }

  /** Sends what is queued (for up to `waitMs`), then stops reading. */
  async close(waitMs = 2000): Promise<void> {
    await this.outbox.flush(waitMs);
    this.closed = true;
    this.outbox.close();
    this.watchers.close();
    // Neither the wake nor a reader cut off from a stalled Redis is waited
    // for past a second: their connections are cut next.
    const woken = this.wake().catch(() => undefined);
    const late = new Promise((r) => setTimeout(r, 1000).unref());
    await Promise.race([Promise.all([woken, this.reading]), late]);
  }

  private follow(fleetId: string): Watched {
    const known = this.fleets.get(fleetId);
    if (known) return known;
    const watched: Watched = {
      ready: Promise.resolve(),
      live: false,
      seq: 0,
      positions: new Map(),
    };
    watched.ready = this.load(fleetId, watched).catch((error: unknown) => {
      if (this.fleets.get(fleetId) === watched) this.fleets.delete(fleetId);
      this.opts.events?.error?.('load', error);
      throw error;
    });
    this.fleets.set(fleetId, watched);
    return watched;
  }

  /**
   * Reads the fleet's `seq`, replayable events and latest positions in one
   * transaction, so the events end exactly at that `seq` and the reader,
   * following from there, misses nothing and repeats nothing.
   */
  private async load(fleetId: string, watched: Watched): Promise<void> {
    const k = this.keys;
    const [seq, events, positions] = await this.opts.commands.sendCommand<unknown[]>([
      'EVAL',
      LOAD_SCRIPT,
      '3',
      k.seq(fleetId),
      k.events(fleetId),
      k.positions(fleetId),
    ]);
    if (this.fleets.get(fleetId) !== watched) return;
    const entries = parseEntries(events);
    const kept: Kept[] = entries.map((e) => this.kept(fleetId, e));
    const first = entries[0];
    const full = entries.length >= this.opts.maxEvents;
    const trimmedUpTo = full && first ? seqOfId(first.id) - 1 : 0;

    watched.seq = Number(seq ?? 0);
    for (const json of Object.values(parseHash(positions))) {
      const p = snapshotPosition(fleetId, JSON.parse(json) as LocationUpdate);
      watched.positions.set(p.payload.vehicle_id, p);
    }
    this.hub?.resetSeq(fleetId, watched.seq);
    this.replay?.restore(fleetId, kept, trimmedUpTo);
    watched.live = true;
    await this.wake();
  }

  private unwatch(fleetId: string): void {
    this.fleets.delete(fleetId);
    this.hub?.resetSeq(fleetId, 0);
    this.replay?.forget(fleetId);
  }

  private kept(fleetId: string, entry: StreamEntry): Kept {
    const { at, message } = decodeEntry(entry, this.opts.epoch, fleetId);
    let json: string | undefined;
    return {
      at,
      published: { fleetId, message, json: () => (json ??= JSON.stringify(message)) },
    };
  }

  /** The outbox's sender: one script call per message, pipelined. */
  private async add(batch: readonly Outgoing[]): Promise<void> {
    const now = Date.now();
    const calls = batch.map(({ fleetId, unsent, key }) => {
      const k = this.keys;
      const [m, t] = encodeFields(unsent, now);
      const position = unsent.channel === 'vehicle_locations';
      const payload = unsent.payload as { vehicle_id?: string };
      const vehicle = position ? (payload.vehicle_id ?? '') : '';
      const keys = [
        k.seq(fleetId),
        k.live(fleetId),
        k.events(fleetId),
        k.positions(fleetId),
        key ? k.sent(fleetId, key) : k.seq(fleetId),
      ];
      const args = [m, t, position ? 'position' : 'event', vehicle];
      args.push(String(this.opts.maxEvents), String(LIVE_CAP), key ? '1' : '0');
      return this.evalPublish(keys, args);
    });
    const results = await Promise.allSettled(calls);
    const failed = results.find((r) => r.status === 'rejected');
    if (failed) {
      this.opts.events?.error?.('publish', failed.reason);
      throw failed.reason;
    }
  }

  private async evalPublish(keys: string[], args: string[]): Promise<unknown> {
    const tail = [String(keys.length), ...keys, ...args];
    try {
      return await this.opts.commands.sendCommand(['EVALSHA', PUBLISH_SHA, ...tail]);
    } catch (error) {
      if (!String(error).includes('NOSCRIPT')) throw error;
      return this.opts.commands.sendCommand(['EVAL', PUBLISH_SCRIPT, ...tail]);
    }
  }

  /** Makes the reader start a new XREAD, with the fleets watched now. */
  private async wake(): Promise<void> {
    const key = this.keys.wake(this.nodeId);
    await this.opts.commands.sendCommand(['XADD', key, 'MAXLEN', '1', '*', 'w', '1']);
    await this.opts.commands.sendCommand(['PEXPIRE', key, '3600000']);
  }

  private async read(): Promise<void> {
    while (!this.closed) {
      const live = [...this.fleets].filter(([, w]) => w.live);
      const keys = [this.keys.wake(this.nodeId), ...live.map(([f]) => this.keys.live(f))];
      const ids = [this.wakeId, ...live.map(([, w]) => `${w.seq}-0`)];
      const block = String(this.opts.blockMs ?? 5000);
      let reply: unknown;
      try {
        reply = await this.opts.reader.sendCommand([
          'XREAD',
          'COUNT',
          String(READ_COUNT),
          'BLOCK',
          block,
          'STREAMS',
          ...keys,
          ...ids,
        ]);
      } catch (error) {
        if (this.closed) return;
        this.readFailing = true;
        this.opts.events?.error?.('read', error);
        await new Promise((r) => setTimeout(r, 500));
        continue;
      }
      if (this.readFailing) {
        this.readFailing = false;
        this.opts.events?.readRecovered?.();
      }
      await this.take(parseStreams(reply));
    }
  }

  private async take(streams: Array<[string, StreamEntry[]]>): Promise<void> {
    for (const [key, entries] of streams) {
      const fleetId = fleetOfLiveKey(this.opts.prefix, key);
      if (fleetId === undefined) {
        this.wakeId = entries.at(-1)?.id ?? this.wakeId;
        continue;
      }
      const watched = this.fleets.get(fleetId);
      if (!watched?.live) continue;
      this.opts.events?.received?.(fleetId, entries.length);
      for (const entry of entries) {
        const seq = seqOfId(entry.id);
        if (seq <= watched.seq) continue;
        if (seq > watched.seq + 1) await this.fill(fleetId, watched, seq);
        this.deliver(fleetId, watched, entry);
      }
    }
  }

  /**
   * The live stream is capped: a reader that fell further behind than the
   * cap takes the events it missed from the replay stream. The positions
   * in between are gone, which a later position makes good.
   */
  private async fill(fleetId: string, watched: Watched, upTo: number): Promise<void> {
    const from = watched.seq + 1;
    this.opts.events?.skipped?.(fleetId, from, upTo - 1);
    const reply = await this.opts.reader.sendCommand([
      'XRANGE',
      this.keys.events(fleetId),
      `${from}-0`,
      `${upTo - 1}-0`,
    ]);
    for (const entry of parseEntries(reply)) this.deliver(fleetId, watched, entry);
  }

  private deliver(fleetId: string, watched: Watched, entry: StreamEntry): void {
    const { message } = decodeEntry(entry, this.opts.epoch, fleetId);
    watched.seq = message.seq ?? watched.seq;
    if (message.channel === 'vehicle_locations') {
      const p = snapshotPosition(fleetId, message);
      watched.positions.set(p.payload.vehicle_id, p);
    }
    this.hub?.deliver(fleetId, message);
  }
}

/** Most entries per stream in one XREAD. */
const READ_COUNT = 500;

/**
 * Entries the live stream keeps per fleet, about: how far a reader may
 * fall behind before it skips positions (events it takes from the replay
 * stream).
 */
const LIVE_CAP = 10_000;

/** A fleet's seq, replay stream and latest positions, read atomically. */
const LOAD_SCRIPT = `
return {
  redis.call('GET', KEYS[1]) or '0',
  redis.call('XRANGE', KEYS[2], '-', '+'),
  redis.call('HGETALL', KEYS[3])
}
`;
