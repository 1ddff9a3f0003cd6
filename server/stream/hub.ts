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

type Unsent = Omit<StreamMessage, 'id' | 'seq'>;

/**
 * The one place every fleet's stream passes through. It stamps each message
 * with a unique id and the fleet stream's next sequence number, then hands it
 * to every transport (Socket.IO rooms, Bookovia WebSocket sessions).
 */
export class StreamHub {
  private readonly seqs = new Map<string, number>();
  private readonly listeners = new Set<StreamListener>();
  /**
   * Names this run of the stream: sequence numbers start again at 1 with
   * every start, so a `seq` means something only with its epoch. The
   * random part keeps two servers started in the same millisecond apart.
   */
  readonly epoch = Date.now().toString(36) + randomBytes(3).toString('hex');

  subscribe(listener: StreamListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  publish(fleetId: string, unsent: Unsent): StreamMessage {
    const seq = (this.seqs.get(fleetId) ?? 0) + 1;
    this.seqs.set(fleetId, seq);
    const message = { ...unsent, id: `${this.epoch}-${fleetId}-${seq}`, seq };
    let cached: string | undefined;
    const published: Published = {
      fleetId,
      message: message as StreamMessage,
      json: () => (cached ??= JSON.stringify(message)),
    };
    for (const listener of this.listeners) listener(published);
    return published.message;
  }

  seq(fleetId: string): number {
    return this.seqs.get(fleetId) ?? 0;
  }
}
