import type { Unsent } from '../stream/hub';

/** A message waiting to be added to its fleet's shared stream. */
export interface Outgoing {
  fleetId: string;
  unsent: Unsent;
  /**
   * Names the message across retries, so a publish that reached Redis but
   * whose answer was lost adds it once. Empty for positions: a repeated
   * position is harmless, and they are most of the traffic.
   */
  key: string;
}

export interface OutboxOptions {
  /** Adds a batch, in order; throws when Redis could not be reached. */
  send(batch: readonly Outgoing[]): Promise<void>;
  /** Most messages waiting before any but alerts are dropped (default 10 000). */
  limit?: number;
  /** Most messages per `send` (default 100). */
  batch?: number;
  /** Pause before retrying a batch that failed (default 250 ms). */
  retryMs?: number;
  /** Tells the edge what happened: metrics and logs live there. */
  events?: Partial<OutboxEvents>;
}

export interface OutboxEvents {
  /** A batch failed; it stays at the head of the queue and is retried. */
  failed(error: unknown, depth: number): void;
  /** Sending works again after `failed`. */
  recovered(depth: number): void;
  /** The queue was full and a message that is not an alert was dropped. */
  dropped(message: Unsent): void;
}

/**
 * The publishing side of scale-out: messages for the shared stream queue
 * here, in order, and go out in pipelined batches. A batch that fails
 * stays at the head and is retried until Redis answers, so an outage
 * (or a paused Redis) delays messages instead of losing them. The queue
 * is bounded, except for alerts: past `limit`, positions and other
 * latest-state messages are dropped, alerts are always kept (they are
 * stored in the database too, but a dashboard learns of them here).
 */
export class Outbox {
  private readonly queue: Outgoing[] = [];
  private sending: Promise<void> | undefined;
  private failing = false;
  private closed = false;
  private readonly limit: number;
  private readonly batchSize: number;
  private readonly retryMs: number;

  constructor(private readonly opts: OutboxOptions) {
    this.limit = opts.limit ?? 10_000;
    this.batchSize = opts.batch ?? 100;
    this.retryMs = opts.retryMs ?? 250;
  }

  get depth(): number {
    return this.queue.length;
  }

  push(item: Outgoing): void {
    if (this.queue.length >= this.limit && !isAlert(item.unsent)) {
      this.opts.events?.dropped?.(item.unsent);
      return;
    }
    this.queue.push(item);
    this.sending ??= this.drain().finally(() => (this.sending = undefined));
  }

  /** Resolves once everything queued has been sent, or after `waitMs`. */
  async flush(waitMs: number): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<void>((r) => (timer = setTimeout(r, waitMs)));
    await Promise.race([this.sending ?? Promise.resolve(), timeout]);
    clearTimeout(timer);
  }

  /** Stops retrying; what is still queued is abandoned. */
  close(): void {
    this.closed = true;
  }

  private async drain(): Promise<void> {
    while (this.queue.length > 0 && !this.closed) {
      const batch = this.queue.slice(0, this.batchSize);
      try {
        await this.opts.send(batch);
      } catch (error) {
        this.failing = true;
        this.opts.events?.failed?.(error, this.queue.length);
        await new Promise((r) => setTimeout(r, this.retryMs));
        continue;
      }
      this.queue.splice(0, batch.length);
      if (this.failing) {
        this.failing = false;
        this.opts.events?.recovered?.(this.queue.length);
      }
    }
  }
}

function isAlert(unsent: Unsent): boolean {
  return unsent.channel === 'alerts' || unsent.channel === 'maintenance_alerts';
}
