import type { Feature, LineString } from 'geojson';
import { unwrapLongitudes } from '../geo/unwrap';
import { distanceMeters } from '../geo/distance';

/** One place a vehicle was, by device time (epoch ms). */
export interface TrailPoint {
  t: number;
  lat: number;
  lon: number;
}

/** How much of a vehicle's past its trail keeps. */
export interface TrailLimits {
  /** Most points kept; the oldest go first. */
  maxPoints: number;
  /** Points older than this behind the newest are dropped, ms. */
  maxAgeMs: number;
  /**
   * A step longer than this, km, is no drive but a jump (a replay
   * starting over elsewhere): the trail starts afresh from it.
   */
  maxJumpKm: number;
}

/** Ten minutes, or 300 points at most: a dense feed (2 s) fills it. */
export const TRAIL_LIMITS: TrailLimits = {
  maxPoints: 300,
  maxAgeMs: 10 * 60_000,
  maxJumpKm: 5,
};

/**
 * Appends a live fix. A fix no newer than the last point (a repeat or a
 * late one) leaves the trail as it was and returns the same array.
 */
export function extendTrail(
  trail: readonly TrailPoint[],
  point: TrailPoint,
  limits: TrailLimits = TRAIL_LIMITS,
): readonly TrailPoint[] {
  const last = trail.at(-1);
  if (last && point.t <= last.t) return trail;
  if (last && distanceMeters(last, point) / 1000 > limits.maxJumpKm) return [point];
  return capTrail([...trail, point], limits);
}

/**
 * Joins stored history (REST) with points that arrived live meanwhile, in
 * time order, one point per instant, then caps the result.
 */
export function mergeTrail(
  stored: readonly TrailPoint[],
  live: readonly TrailPoint[],
  limits: TrailLimits = TRAIL_LIMITS,
): readonly TrailPoint[] {
  const byTime = new Map<number, TrailPoint>();
  for (const p of [...stored, ...live]) byTime.set(p.t, p);
  const sorted = [...byTime.values()].sort((a, b) => a.t - b.t);
  return capTrail(afterLastJump(sorted, limits.maxJumpKm), limits);
}

/** Drops points beyond the age and count limits, oldest first. */
export function capTrail(
  trail: readonly TrailPoint[],
  limits: TrailLimits = TRAIL_LIMITS,
): readonly TrailPoint[] {
  const newest = trail.at(-1);
  if (!newest) return trail;
  const oldest = newest.t - limits.maxAgeMs;
  let from = Math.max(0, trail.length - limits.maxPoints);
  while (from < trail.length && (trail[from]?.t ?? 0) < oldest) from++;
  return from === 0 ? trail : trail.slice(from);
}

/**
 * The trail as one line, oldest point first (a line gradient fades it by
 * progress along it). `head` (0–1) is how far along its newest step the
 * line is drawn, so the line can grow with a vehicle gliding towards its
 * newest fix instead of reaching there first. Null with fewer than two
 * points.
 */
export function trailLine(
  trail: readonly TrailPoint[],
  head = 1,
): Feature<LineString> | null {
  if (trail.length < 2) return null;
  const coordinates = trail.map((p) => [p.lon, p.lat]);
  const from = trail.at(-2);
  const to = trail.at(-1);
  if (from && to && head < 1) {
    const f = Math.max(0, head);
    coordinates[coordinates.length - 1] = [
      from.lon + (to.lon - from.lon) * f,
      from.lat + (to.lat - from.lat) * f,
    ];
  }
  return {
    type: 'Feature',
    properties: {},
    geometry: { type: 'LineString', coordinates: unwrapLongitudes(coordinates) },
  };
}

function afterLastJump(trail: TrailPoint[], maxJumpKm: number): TrailPoint[] {
  for (let i = trail.length - 1; i > 0; i--) {
    const a = trail[i - 1];
    const b = trail[i];
    if (a && b && distanceMeters(a, b) / 1000 > maxJumpKm) return trail.slice(i);
  }
  return trail;
}
