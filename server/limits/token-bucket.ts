/** Milliseconds since some fixed point; `Date.now` or a test's fake clock. */
export type Now = () => number;

export type Take = { ok: true } | { ok: false; retryAfterMs: number };

/**
 * A token bucket: `burst` tokens at most, refilled at `perSecond`. Each
 * message takes one; an empty bucket says how long until the next token.
 * Refill is computed from the clock on each take, so an idle bucket costs
 * no timer.
 */
export class TokenBucket {
  private tokens: number;
  private last: number;

  constructor(
    readonly perSecond: number,
    readonly burst: number,
    private readonly now: Now = Date.now,
  ) {
    if (!(perSecond > 0)) throw new RangeError('perSecond must be above 0');
    if (!(burst >= 1)) throw new RangeError('burst must be at least 1');
    this.tokens = burst;
    this.last = now();
  }

  take(): Take {
    this.refill();
    if (this.tokens >= 1) {
      this.tokens -= 1;
      return { ok: true };
    }
    const retryAfterMs = Math.ceil(((1 - this.tokens) * 1000) / this.perSecond);
    return { ok: false, retryAfterMs };
  }

  private refill(): void {
    const t = this.now();
    // A clock that steps back (a fake one, or NTP) refills nothing.
    const elapsed = Math.max(0, t - this.last);
    this.last = t;
    this.tokens = Math.min(this.burst, this.tokens + (elapsed * this.perSecond) / 1000);
  }
}
