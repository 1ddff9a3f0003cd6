import type { DeliveryStatus } from '../../lib/protocol';

/** What one attempt at a delivery came to. */
export type AttemptResult =
  | { outcome: 'delivered'; status?: number }
  | { outcome: 'retry'; error: string; status?: number; retryAfterMs?: number }
  | { outcome: 'failed'; error: string; status?: number }
  /** Cut short by shutdown: not counted, and tried again after a restart. */
  | { outcome: 'abandoned' };

/**
 * Pauses before the 2nd to 6th attempt: a delivery is given up about 43
 * minutes after its first try. `NOTIFY_RETRY_DELAYS_MS` replaces them.
 */
export const DEFAULT_RETRY_DELAYS_MS: readonly number[] = [
  10_000, 30_000, 120_000, 600_000, 1_800_000,
];

/** The longest Retry-After honoured; a longer one is cut to it. */
export const MAX_RETRY_AFTER_MS = 6 * 3_600_000;

/** ±20 %, so receivers that failed together are not all retried together. */
const JITTER = 0.2;

/** Where a delivery goes after an attempt. */
export interface NextStep {
  status: DeliveryStatus;
  /** Epoch ms of the next attempt while pending, else null. */
  nextAttemptAt: number | null;
}

/**
 * `attempts` counts the one just made. After `delaysMs.length + 1`
 * attempts a retryable failure gives up too. A receiver's Retry-After
 * replaces the pause, jitter and all: it said when.
 */
export function nextStep(
  result: Exclude<AttemptResult, { outcome: 'abandoned' }>,
  attempts: number,
  delaysMs: readonly number[],
  now: number,
  random: () => number = Math.random,
): NextStep {
  if (result.outcome === 'delivered') return { status: 'delivered', nextAttemptAt: null };
  const delay = delaysMs[attempts - 1];
  if (result.outcome === 'failed' || delay === undefined) {
    return { status: 'failed', nextAttemptAt: null };
  }
  const pause = result.retryAfterMs ?? jittered(delay, random);
  return { status: 'pending', nextAttemptAt: now + pause };
}

export function jittered(ms: number, random: () => number): number {
  return Math.round(ms * (1 - JITTER + 2 * JITTER * random()));
}

/**
 * A Retry-After header (RFC 9110 §10.2.3) as a pause in ms: seconds or an
 * HTTP date. Undefined when absent or unreadable.
 */
export function parseRetryAfter(value: string | null, now: number): number | undefined {
  if (value === null) return undefined;
  const text = value.trim();
  if (/^\d+$/.test(text)) return Math.min(Number(text) * 1000, MAX_RETRY_AFTER_MS);
  // An HTTP date names its month; Date.parse alone would take "-5" as a year.
  const at = /[a-z]{3}/i.test(text) ? Date.parse(text) : NaN;
  if (Number.isNaN(at)) return undefined;
  return Math.min(Math.max(0, at - now), MAX_RETRY_AFTER_MS);
}

/**
 * A receiver's HTTP answer: 2xx is delivered; 429 and 5xx are worth
 * another try; any other answer, a redirect included, never will be.
 */
export function classifyHttp(
  status: number,
  retryAfter: string | null,
  now: number,
): AttemptResult {
  if (status >= 200 && status < 300) return { outcome: 'delivered', status };
  if (status === 429 || (status >= 500 && status < 600)) {
    const pause = parseRetryAfter(retryAfter, now);
    const error = `HTTP ${status}`;
    return pause === undefined
      ? { outcome: 'retry', error, status }
      : { outcome: 'retry', error, status, retryAfterMs: pause };
  }
  if (status >= 300 && status < 400) {
    return {
      outcome: 'failed',
      error: `HTTP ${status}: redirects are not followed`,
      status,
    };
  }
  return { outcome: 'failed', error: `HTTP ${status}`, status };
}
