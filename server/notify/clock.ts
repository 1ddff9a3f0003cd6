import { TIMER_MAX_MS } from '../config';

/** Time as the notifier sees it; tests hand in one they move by hand. */
export interface Clock {
  now(): number;
  /** Runs `fn` once after `ms`; answers a function that cancels it. */
  after(ms: number, fn: () => void): () => void;
}

/**
 * The real clock. A delay past what a timer keeps is cut to the maximum:
 * the worker looks again then, and finds its delivery still not due.
 * Its timers never hold the process open.
 */
export const systemClock: Clock = {
  now: () => Date.now(),
  after(ms, fn) {
    const timer = setTimeout(fn, Math.min(Math.max(0, ms), TIMER_MAX_MS));
    timer.unref();
    return () => clearTimeout(timer);
  },
};
