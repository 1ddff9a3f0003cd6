import { indexAt, type ReplayPoint } from './track';

/** Playback speeds offered, as multiples of real time. */
export const REPLAY_SPEEDS = [1, 2, 5, 10, 20] as const;
export type ReplaySpeed = (typeof REPLAY_SPEEDS)[number];

export interface Span {
  start: number;
  end: number;
}

/**
 * The cursor after `elapsedMs` of real time at `speed`×, clamped to the
 * span. Playback stops at the end: the caller pauses when `ended`.
 */
export function advance(
  t: number,
  elapsedMs: number,
  speed: number,
  span: Span,
): { t: number; ended: boolean } {
  const next = clamp(t + Math.max(0, elapsedMs) * speed, span);
  return { t: next, ended: next >= span.end };
}

/**
 * The time of the neighbouring fix: forward goes to the first fix after
 * `t`, back to the last fix before it. Stays put at either end.
 */
export function stepTo(
  points: readonly ReplayPoint[],
  t: number,
  direction: 1 | -1,
): number {
  const first = points[0];
  const last = points[points.length - 1];
  if (!first || !last) return t;

  const i = indexAt(points, t);
  const here = points[i];
  if (direction === 1) {
    const next = here && here.t > t ? here : points[i + 1];
    return next ? next.t : last.t;
  }
  const atFix = here !== undefined && here.t === t;
  const prev = atFix ? points[i - 1] : here && here.t < t ? here : undefined;
  return prev ? prev.t : first.t;
}

/**
 * Playback does not sit through a silence longer than `gapMs`: a time
 * inside one moves on to the fix that ends it.
 */
export function skipGap(
  points: readonly ReplayPoint[],
  t: number,
  gapMs: number,
): number {
  const i = indexAt(points, t);
  const a = points[i];
  const b = points[i + 1];
  if (!a || !b || t <= a.t) return t;
  return b.t - a.t > gapMs ? b.t : t;
}

export function clamp(t: number, span: Span): number {
  return Math.min(span.end, Math.max(span.start, t));
}
