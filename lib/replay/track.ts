import { bearingDegrees, distanceMeters } from '../geo/distance';

/** One fix of a replayed track; `t` is device epoch ms. */
export interface ReplayPoint {
  t: number;
  lat: number;
  lon: number;
  /** km/h, when the device reported it. */
  speed?: number;
  /** Degrees from north, when the device reported it. */
  heading?: number;
}

/** Where the replayed vehicle is at the cursor's time. */
export interface Cursor {
  t: number;
  lat: number;
  lon: number;
  /** km/h, interpolated between the fixes around t; 0 when unknown. */
  speed: number;
  /** Degrees from north: the fix's own, else the way to the next fix. */
  heading: number;
  /** Index of the last fix at or before t. */
  index: number;
}

/** Fixes closer than this are the same place: no heading from them. */
const SAME_PLACE_M = 1;

/**
 * The index of the last fix at or before `t` (binary search); 0 before
 * the first. `points` must be sorted by time, as the server sends them.
 */
export function indexAt(points: readonly ReplayPoint[], t: number): number {
  let lo = 0;
  let hi = points.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if ((points[mid]?.t ?? Infinity) <= t) lo = mid;
    else hi = mid - 1;
  }
  return Math.max(0, lo);
}

/**
 * The vehicle at time `t`, moved in a straight line between the two fixes
 * around it; clamped to the first and last fix. Across a silence longer
 * than `gapMs` it waits at the fix before. Undefined for no fixes.
 */
export function cursorAt(
  points: readonly ReplayPoint[],
  t: number,
  gapMs = Infinity,
): Cursor | undefined {
  const index = indexAt(points, t);
  const a = points[index];
  if (!a) return undefined;
  const b = points[index + 1];
  if (!b || t <= a.t || b.t - a.t > gapMs) {
    const heading = headingAt(points, index);
    const speed = a.speed ?? 0;
    return { t: Math.max(t, a.t), index, lat: a.lat, lon: a.lon, speed, heading };
  }

  const f = b.t > a.t ? Math.min(1, (t - a.t) / (b.t - a.t)) : 1;
  return {
    t,
    index,
    lat: a.lat + (b.lat - a.lat) * f,
    lon: a.lon + (b.lon - a.lon) * f,
    speed: (a.speed ?? 0) + ((b.speed ?? a.speed ?? 0) - (a.speed ?? 0)) * f,
    heading: headingAt(points, index),
  };
}

/**
 * The heading at fix `index`: the device's own, else the bearing to the
 * next fix that lies elsewhere, else from the previous one; 0 if none.
 */
export function headingAt(points: readonly ReplayPoint[], index: number): number {
  const p = points[index];
  if (!p) return 0;
  if (p.heading !== undefined) return p.heading;
  for (let i = index + 1; i < points.length; i++) {
    const q = points[i];
    if (q && distanceMeters(p, q) >= SAME_PLACE_M) return bearingDegrees(p, q);
  }
  for (let i = index - 1; i >= 0; i--) {
    const q = points[i];
    if (q && distanceMeters(q, p) >= SAME_PLACE_M) return bearingDegrees(q, p);
  }
  return 0;
}
