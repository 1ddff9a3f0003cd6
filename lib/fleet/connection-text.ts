import type { RetryState } from '../store/fleet-store';

/**
 * What reconnecting is doing, for the banner: "Attempt 3 in 4 s.",
 * "Attempt 3 under way." or, once the countdown has run out but the
 * attempt has not started, "Attempt 3 starting.".
 */
export function retryText(retry: RetryState, now: number): string {
  if (retry.nextAt === null) return `Attempt ${retry.attempt} under way.`;
  const s = Math.max(0, Math.ceil((retry.nextAt - now) / 1000));
  return s === 0
    ? `Attempt ${retry.attempt} starting.`
    : `Attempt ${retry.attempt} in ${s} s.`;
}
