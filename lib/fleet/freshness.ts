import type { Vehicle } from './vehicle';

/**
 * How late a fix reached this screen: from the device's clock to the
 * moment the browser received it, on the server's clock. `clockOffset`
 * (server minus browser, ms) takes out a browser clock that is off, so a
 * laptop five minutes fast does not make every fix look five minutes late.
 * Never negative: a device clock slightly ahead reads as no delay.
 */
export function fixDelay(
  v: Pick<Vehicle, 'deviceTime' | 'receivedAt'>,
  clockOffset: number,
): number {
  return Math.max(0, v.receivedAt + clockOffset - v.deviceTime);
}

/** How old the newest fix is now, on the server's clock. */
export function fixAge(
  v: Pick<Vehicle, 'deviceTime'>,
  now: number,
  clockOffset: number,
): number {
  return Math.max(0, now + clockOffset - v.deviceTime);
}

export interface FleetFreshness {
  /** Median delay over the fixes counted, ms; null when there are none. */
  median: number | null;
  /** The worst delay counted, ms; null when there are none. */
  worst: number | null;
  /** Fixes counted. */
  count: number;
}

/**
 * The fleet's delay as the median of each vehicle's newest live fix.
 * Fixes received more than `windowMs` ago are left out (a vehicle parked
 * for the night says nothing about how fast the feed is now), and so are
 * fixes from the snapshot, whose delay is their age on connecting.
 */
export function fleetFreshness(
  vehicles: Iterable<Pick<Vehicle, 'deviceTime' | 'receivedAt' | 'fromSnapshot'>>,
  now: number,
  clockOffset: number,
  windowMs = 5 * 60_000,
): FleetFreshness {
  const delays: number[] = [];
  for (const v of vehicles) {
    if (v.fromSnapshot || now - v.receivedAt > windowMs) continue;
    delays.push(fixDelay(v, clockOffset));
  }
  if (delays.length === 0) return { median: null, worst: null, count: 0 };
  delays.sort((a, b) => a - b);
  const mid = delays.length >> 1;
  const median =
    delays.length % 2 === 1
      ? (delays[mid] ?? 0)
      : ((delays[mid - 1] ?? 0) + (delays[mid] ?? 0)) / 2;
  return { median, worst: delays.at(-1) ?? null, count: delays.length };
}

/**
 * "0.8 s", "12 s", "3 min": a delay short enough for a list row. Whole
 * minutes and hours round down, as formatAge does, so a fix's delay never
 * reads longer than its age beside it.
 */
export function formatDelayMs(ms: number): string {
  if (ms < 10_000) return `${(ms / 1000).toFixed(1)} s`;
  const s = Math.round(ms / 1000);
  if (s < 120) return `${s} s`;
  const m = Math.floor(s / 60);
  return m < 120 ? `${m} min` : `${Math.floor(m / 60)} h`;
}

/** Whether a delay is worth pointing out beside the value. */
export function isLate(ms: number): boolean {
  return ms >= LATE_MS;
}

/** Beyond this, a fix reached the screen late enough to say so. */
export const LATE_MS = 30_000;
