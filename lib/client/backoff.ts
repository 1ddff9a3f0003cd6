export interface BackoffOptions {
  /** The ceiling of the first wait (default 500 ms). */
  initialMs?: number;
  /** No wait is longer (default 30 s). */
  maxMs?: number;
  /** Attempts before giving up (default Infinity: a wall display never does). */
  maxAttempts?: number;
}

export const DEFAULT_BACKOFF = {
  initialMs: 500,
  maxMs: 30_000,
  maxAttempts: Number.POSITIVE_INFINITY,
} as const satisfies Required<BackoffOptions>;

/**
 * Exponential backoff with full jitter: a wait drawn evenly from zero to
 * min(max, initial · 2^attempt). The jitter spreads a fleet of walls that
 * lost the server together, so they do not all return in the same second
 * (AWS Architecture Blog, "Exponential Backoff And Jitter", 2015).
 */
export function backoffDelay(
  attempt: number,
  opts: Required<BackoffOptions>,
  random: () => number = Math.random,
): number {
  const ceiling = Math.min(opts.maxMs, opts.initialMs * 2 ** Math.min(attempt, 30));
  return Math.floor(random() * ceiling);
}
