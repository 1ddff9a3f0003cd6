import type { ReplayPoint } from './track';

/** No gap is shorter than this, ms. */
export const MIN_GAP_MS = 30_000;
/** A gap is this many times the track's usual interval between fixes. */
export const GAP_FACTOR = 10;

/**
 * How long a silence between two fixes must be to count as a gap: ten
 * times the track's median interval, at least 30 s. A bus reporting every
 * 30 s and a car reporting every second both get a fair threshold.
 */
export function gapThreshold(points: readonly ReplayPoint[]): number {
  const intervals: number[] = [];
  for (let i = 1; i < points.length; i++) {
    const a = points[i - 1];
    const b = points[i];
    if (a && b) intervals.push(b.t - a.t);
  }
  intervals.sort((x, y) => x - y);
  const median = intervals[Math.floor(intervals.length / 2)] ?? 0;
  return Math.max(MIN_GAP_MS, GAP_FACTOR * median);
}

/**
 * The track cut where the vehicle was silent longer than `gapMs`: nothing
 * is known of where it went meanwhile, so no line should claim it.
 */
export function splitAtGaps(
  points: readonly ReplayPoint[],
  gapMs: number,
): ReplayPoint[][] {
  const runs: ReplayPoint[][] = [];
  let run: ReplayPoint[] = [];
  for (const p of points) {
    const prev = run[run.length - 1];
    if (prev && p.t - prev.t > gapMs) {
      runs.push(run);
      run = [];
    }
    run.push(p);
  }
  if (run.length > 0) runs.push(run);
  return runs;
}
