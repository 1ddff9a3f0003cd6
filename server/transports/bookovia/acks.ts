import { needsAck } from '../../../lib/protocol';
import type { Published } from '../../stream/hub';

export { needsAck };

/** The pauses before each re-delivery of an unconfirmed critical event. */
export const DEFAULT_ACK_RETRY_DELAYS_MS: readonly number[] = [
  2000, 5000, 15_000, 30_000, 60_000,
];

interface Pending {
  fleetId: string;
  seq: number;
  timer: ReturnType<typeof setTimeout>;
}

/**
 * One socket's critical events not yet confirmed with `ack`. Each is sent
 * again after every pause of `delaysMs` until it is confirmed, then given
 * up: it stays recoverable by `resume` and from the database. A schedule
 * with an end keeps a client that stopped reading from costing the server
 * a timer per event forever.
 */
export class PendingAcks {
  private readonly pending = new Map<string, Pending>();

  constructor(
    private readonly delaysMs: readonly number[],
    private readonly resend: (p: Published) => void,
  ) {}

  get size(): number {
    return this.pending.size;
  }

  track(p: Published): void {
    const seq = p.message.seq ?? 0;
    const key = `${p.fleetId}\n${seq}`;
    if (this.pending.has(key)) return;
    this.schedule(key, p, seq, 0);
  }

  /** Confirms every tracked event of the fleet up to `upTo`. */
  confirm(fleetId: string, upTo: number): void {
    for (const [key, entry] of this.pending) {
      if (entry.fleetId !== fleetId || entry.seq > upTo) continue;
      clearTimeout(entry.timer);
      this.pending.delete(key);
    }
  }

  clear(): void {
    for (const entry of this.pending.values()) clearTimeout(entry.timer);
    this.pending.clear();
  }

  private schedule(key: string, p: Published, seq: number, attempt: number): void {
    const delay = this.delaysMs[attempt];
    if (delay === undefined) {
      this.pending.delete(key);
      return;
    }
    const timer = setTimeout(() => {
      this.resend(p);
      this.schedule(key, p, seq, attempt + 1);
    }, delay);
    timer.unref?.();
    this.pending.set(key, { fleetId: p.fleetId, seq, timer });
  }
}
