import { CHANNELS, type Channel } from '../../lib/protocol';
import type { Published, StreamHub } from './hub';

export interface ReplayLimits {
  /** Most events kept per fleet (REPLAY_MAX_EVENTS, default 10 000). */
  maxEvents: number;
  /** Oldest event kept, by server time (REPLAY_MAX_AGE_MS, default 10 min). */
  maxAgeMs: number;
}

export const DEFAULT_REPLAY_LIMITS: ReplayLimits = {
  maxEvents: 10_000,
  maxAgeMs: 10 * 60_000,
};

/** What a resume from an offset gets: the events after it, or why not. */
export type Replay =
  { ok: true; events: Published[] } | { ok: false; reason: 'gap' | 'ahead' };

/** An event as kept: when the stream took it, server time, and the event. */
export interface Kept {
  at: number;
  published: Published;
}

/** One fleet's recent events, oldest first, and what has fallen out. */
interface FleetLog {
  kept: Kept[];
  /** Per channel, the `seq` of the newest event evicted; 0 when none. */
  evicted: Map<Channel, number>;
}

/**
 * The recent events of every fleet, kept so a client that lost its
 * connection can ask for exactly what it missed. Positions are left out:
 * they are latest-state, and a reconnecting client gets a snapshot of them
 * instead. Bounded by count and by age, per fleet; what falls out is
 * remembered per channel, so a resume that would skip an event is told so
 * rather than handed a stream with a hole in it.
 */
export class ReplayBuffer {
  private readonly logs = new Map<string, FleetLog>();
  private readonly unsubscribe: () => void;

  constructor(
    private readonly hub: StreamHub,
    private readonly limits: ReplayLimits = DEFAULT_REPLAY_LIMITS,
    private readonly now: () => number = Date.now,
  ) {
    this.unsubscribe = hub.subscribe((p) => this.keep(p));
  }

  get epoch(): string {
    return this.hub.epoch;
  }

  /** Events kept over all fleets, for the operator's gauge. */
  get depth(): number {
    let n = 0;
    for (const log of this.logs.values()) n += log.kept.length;
    return n;
  }

  /** The newest `seq` of a fleet's stream, positions included. */
  seq(fleetId: string): number {
    return this.hub.seq(fleetId);
  }

  /**
   * The fleet's events with a `seq` above `offset` on `channels`, oldest
   * first; `gap` when one of them has already been evicted, `ahead` when
   * the offset is one this run never reached.
   */
  since(fleetId: string, offset: number, channels: ReadonlySet<Channel>): Replay {
    if (offset > this.hub.seq(fleetId)) return { ok: false, reason: 'ahead' };
    const log = this.logs.get(fleetId);
    if (!log) return { ok: true, events: [] };
    this.expire(log);

    for (const c of channels) {
      if ((log.evicted.get(c) ?? 0) > offset) return { ok: false, reason: 'gap' };
    }
    const events = log.kept
      .filter((k) => (k.published.message.seq ?? 0) > offset)
      .map((k) => k.published)
      .filter((p) => channels.has(p.message.channel));
    return { ok: true, events };
  }

  /**
   * Takes a fleet's recent past as the shared stream holds it, when this
   * node starts watching a fleet other nodes publish (server/cluster/).
   * `trimmedUpTo` is the newest `seq` the shared stream no longer holds;
   * a resume from before it is a gap, on every channel.
   */
  restore(fleetId: string, kept: readonly Kept[], trimmedUpTo: number): void {
    const evicted = new Map<Channel, number>();
    if (trimmedUpTo > 0) for (const c of CHANNELS) evicted.set(c, trimmedUpTo);
    const log: FleetLog = { kept: [...kept], evicted };
    this.logs.set(fleetId, log);
    const over = log.kept.length - this.limits.maxEvents;
    if (over > 0) this.evict(log, over);
    this.expire(log);
  }

  /** Drops a fleet this node no longer watches. */
  forget(fleetId: string): void {
    this.logs.delete(fleetId);
  }

  close(): void {
    this.unsubscribe();
    this.logs.clear();
  }

  private keep(p: Published): void {
    if (p.message.channel === 'vehicle_locations') return;
    let log = this.logs.get(p.fleetId);
    if (!log) {
      log = { kept: [], evicted: new Map() };
      this.logs.set(p.fleetId, log);
    }
    log.kept.push({ at: this.now(), published: p });
    const over = log.kept.length - this.limits.maxEvents;
    if (over > 0) this.evict(log, over);
    this.expire(log);
  }

  private expire(log: FleetLog): void {
    const oldest = this.now() - this.limits.maxAgeMs;
    const stale = log.kept.findIndex((k) => k.at >= oldest);
    this.evict(log, stale === -1 ? log.kept.length : stale);
  }

  private evict(log: FleetLog, count: number): void {
    if (count <= 0) return;
    for (const { published } of log.kept.splice(0, count)) {
      const { channel, seq = 0 } = published.message;
      log.evicted.set(channel, Math.max(log.evicted.get(channel) ?? 0, seq));
    }
  }
}
