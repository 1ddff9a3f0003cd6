import { TokenBucket, type Now } from './token-bucket';

/** How many messages a connection may send, and when it is cut. */
export interface RateLimit {
  /** Messages per second, sustained. */
  perSecond: number;
  /** Messages that may arrive at once after a quiet spell. */
  burst: number;
  /**
   * Net refused messages that end the connection. Refusals add one each
   * and drain at `perSecond`, so a client sending at 3× the rate reaches
   * 100 after about 5 s, while one that overshoots briefly never does.
   */
  cutAfter: number;
}

export const DEFAULT_RATE_LIMIT: RateLimit = { perSecond: 20, burst: 40, cutAfter: 100 };

export type Verdict =
  { kind: 'pass' } | { kind: 'throttle'; retryAfterMs: number } | { kind: 'cut' };

/**
 * One connection's verdict on each message it sends: handled, refused
 * with `rate_limited`, or, for a client that keeps flooding, the end of
 * the connection. Once cut, every later message is `cut` too.
 *
 * `forgiven` names messages that are refused over the rate but never
 * count toward the cut: the clients ack every critical alert, so a resume
 * replaying an alert storm sends acks in a burst no flooder is needed for.
 * A refused ack only delays its event's confirmation: the server sends
 * the event again and the client acks it again.
 */
export class FloodGuard {
  private readonly bucket: TokenBucket;
  private strikes = 0;
  private last: number;
  private cut = false;

  constructor(
    readonly limit: RateLimit,
    private readonly now: Now = Date.now,
  ) {
    this.bucket = new TokenBucket(limit.perSecond, limit.burst, now);
    this.last = now();
  }

  check(forgiven?: () => boolean): Verdict {
    if (this.cut) return { kind: 'cut' };
    this.drain();
    const take = this.bucket.take();
    if (take.ok) return { kind: 'pass' };
    if (forgiven?.()) return { kind: 'throttle', retryAfterMs: take.retryAfterMs };
    this.strikes += 1;
    if (this.strikes >= this.limit.cutAfter) {
      this.cut = true;
      return { kind: 'cut' };
    }
    return { kind: 'throttle', retryAfterMs: take.retryAfterMs };
  }

  private drain(): void {
    const t = this.now();
    const elapsed = Math.max(0, t - this.last);
    this.last = t;
    this.strikes = Math.max(0, this.strikes - (elapsed * this.limit.perSecond) / 1000);
  }
}
