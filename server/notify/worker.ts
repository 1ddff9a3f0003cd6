import type { Delivery } from '../../lib/protocol';
import {
  dueDeliveries,
  findPending,
  nextDue,
  recordAttempt,
  type DueDelivery,
} from '../db/notify-deliveries';
import type { Db } from '../db/open';
import type { Clock } from './clock';
import { nextStep, type AttemptResult } from './retry';

/** Most deliveries attempted at once; the rest wait for a free slot. */
export const MAX_IN_FLIGHT = 8;

export interface WorkerOptions {
  /** Makes one attempt; `signal` aborts on close. */
  send(row: DueDelivery, signal: AbortSignal): Promise<AttemptResult>;
  clock: Clock;
  /** Pauses before each retry; their count + 1 is the most attempts. */
  retryDelaysMs: readonly number[];
  random?: () => number;
  /** Each attempt's result, as stored. */
  onAttempt(delivery: Delivery, result: AttemptResult): void;
  onError(error: unknown): void;
}

/**
 * Works the pending deliveries in the database, which is the queue: what
 * is pending when the process stops is picked up when it starts again.
 * One timer waits for the earliest `next_attempt_at`; writers `wake` it.
 * Delivery is at least once: an attempt cut off by a crash is made again,
 * so receivers deduplicate by delivery id.
 */
export class DeliveryWorker {
  private readonly inFlight = new Map<string, Promise<Delivery | undefined>>();
  private readonly stop = new AbortController();
  private cancelTimer: (() => void) | undefined;
  private scanning: Promise<void> | undefined;
  private rescan = false;

  constructor(
    private readonly db: Db,
    private readonly opts: WorkerOptions,
  ) {}

  /** Looks for due deliveries now and sets the timer for the next. */
  wake(): void {
    if (this.stop.signal.aborted) return;
    if (this.scanning) {
      this.rescan = true;
      return;
    }
    this.scanning = this.scan()
      .catch((error: unknown) => this.opts.onError(error))
      .finally(() => {
        this.scanning = undefined;
        if (this.rescan) {
          this.rescan = false;
          this.wake();
        }
      });
  }

  /**
   * Attempts one pending delivery now, whenever it was due, and answers it
   * as stored after; undefined if it is not pending.
   */
  async attemptNow(id: string): Promise<Delivery | undefined> {
    const running = this.inFlight.get(id);
    if (running) return running;
    const row = await findPending(this.db, id);
    return row && this.start(row);
  }

  /** Resolves once no scan and no attempt is running. */
  async idle(): Promise<void> {
    while (this.scanning || this.inFlight.size > 0) {
      await Promise.allSettled([this.scanning, ...this.inFlight.values()]);
    }
  }

  /** Stops the timer and aborts the attempts under way, uncounted. */
  async close(): Promise<void> {
    this.stop.abort();
    this.cancelTimer?.();
    await this.idle();
  }

  private async scan(): Promise<void> {
    this.cancelTimer?.();
    this.cancelTimer = undefined;

    const free = MAX_IN_FLIGHT - this.inFlight.size;
    if (free > 0) {
      const now = this.opts.clock.now();
      const due = await dueDeliveries(this.db, now, [...this.inFlight.keys()], free);
      for (const row of due) void this.start(row);
    }
    // With every slot taken, the next attempt to finish wakes the worker.
    if (this.inFlight.size >= MAX_IN_FLIGHT || this.stop.signal.aborted) return;

    const next = await nextDue(this.db, [...this.inFlight.keys()]);
    if (next === undefined || this.stop.signal.aborted) return;
    const wait = next - this.opts.clock.now();
    this.cancelTimer = this.opts.clock.after(wait, () => this.wake());
  }

  /** Claims a row for one attempt; a row already claimed is not sent twice. */
  private start(row: DueDelivery): Promise<Delivery | undefined> {
    const running = this.inFlight.get(row.id);
    if (running) return running;
    const attempt = this.attempt(row)
      .catch((error: unknown) => {
        this.opts.onError(error);
        return undefined;
      })
      .finally(() => {
        this.inFlight.delete(row.id);
        this.wake();
      });
    this.inFlight.set(row.id, attempt);
    return attempt;
  }

  private async attempt(row: DueDelivery): Promise<Delivery | undefined> {
    const result = await this.opts.send(row, this.stop.signal);
    if (result.outcome === 'abandoned') return undefined;

    const now = this.opts.clock.now();
    const attempts = row.attempts + 1;
    const step = nextStep(
      result,
      attempts,
      this.opts.retryDelaysMs,
      now,
      this.opts.random,
    );
    const stored = await recordAttempt(this.db, row, result, step, now);
    if (stored) this.opts.onAttempt(stored, result);
    return stored;
  }
}
