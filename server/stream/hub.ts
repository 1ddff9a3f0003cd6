import { randomBytes } from 'node:crypto';
import type { StreamMessage } from '../../lib/protocol';

/**
 * A published message and its JSON, serialised at most once however many
 * transports and sockets send it.
 */
export interface Published {
  fleetId: string;
  message: StreamMessage;
  json(): string;
}

export type StreamListener = (published: Published) => void;

/** A message as a producer hands it over, before it has an id and a `seq`. */
export type Unsent = Omit<StreamMessage, 'id' | 'seq'>;

/**
 * Where a hub sends what is published when the stream is shared by several
 * nodes (server/cluster/): the relay stamps each message and hands it back,
 * to every node watching the fleet, through `deliver`.
 */
export interface StreamRelay {
  send(fleetId: string, unsent: Unsent): void;
}

export interface HubOptions {
  /** The stream's epoch; a fresh one per process by default. */
  epoch?: string;
  /** Scale-out: publish through the relay instead of stamping here. */
  relay?: StreamRelay;
}

/**
 * The one place every fleet's stream passes through. It stamps each message
 * with a unique id and the fleet stream's next sequence number, then hands it
 * to every transport (Socket.IO rooms, Bookovia WebSocket sessions). With a
 * relay the stamping happens elsewhere, once for every node, and the hub
 * only delivers.
 */
export class StreamHub {
  private readonly seqs = new Map<string, number>();
  private readonly listeners = new Set<StreamListener>();
  private readonly relay: StreamRelay | undefined;
  /**
   * Names this run of the stream: sequence numbers start again at 1 with
   * every start, so a `seq` means something only with its epoch. The
   * random part keeps two servers started in the same millisecond apart.
   * Shared by every node when the stream is (server/cluster/epoch.ts).
   */
  readonly epoch: string;

  constructor(opts: HubOptions = {}) {
    this.epoch = opts.epoch ?? Date.now().toString(36) + randomBytes(3).toString('hex');
    this.relay = opts.relay;
  }

  subscribe(listener: StreamListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * Stamps and delivers a message, answering it as sent; with a relay,
   * hands it over and answers undefined: it comes back through `deliver`.
   */
  publish(fleetId: string, unsent: Unsent): StreamMessage | undefined {
    if (this.relay) {
      this.relay.send(fleetId, unsent);
      return undefined;
    }
    const seq = (this.seqs.get(fleetId) ?? 0) + 1;
    const message = { ...unsent, id: messageId(this.epoch, fleetId, seq), seq };
    this.deliver(fleetId, message as StreamMessage);
    return message as StreamMessage;
  }

  /** Hands a stamped message to every listener; `seq` follows it. */
  deliver(fleetId: string, message: StreamMessage): void {
    this.seqs.set(fleetId, message.seq ?? 0);
    let cached: string | undefined;
    const published: Published = {
      fleetId,
      message,
      json: () => (cached ??= JSON.stringify(message)),
    };
    for (const listener of this.listeners) listener(published);
  }

  seq(fleetId: string): number {
    return this.seqs.get(fleetId) ?? 0;
  }

  /**
   * Sets where a fleet's stream stands without delivering anything: a node
   * that starts watching a fleet another node publishes, or stops (0).
   */
  resetSeq(fleetId: string, seq: number): void {
    if (seq === 0) this.seqs.delete(fleetId);
    else this.seqs.set(fleetId, seq);
  }
}

/** A stream message's id: unique across epochs, fleets and nodes. */
export function messageId(epoch: string, fleetId: string, seq: number): string {
  return `${epoch}-${fleetId}-${seq}`;
}
