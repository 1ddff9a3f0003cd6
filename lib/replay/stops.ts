import { distanceMeters } from '../geo/distance';
import type { ReplayPoint } from './track';

/** A place the vehicle stood still; times are device epoch ms. */
export interface Stop {
  start: number;
  end: number;
  lat: number;
  lon: number;
}

export interface StopOptions {
  /** A fix at or under this speed counts as standing, km/h. Default 2. */
  maxSpeedKmh?: number;
  /** Fixes within this distance of the stop's first are one place, m. Default 30. */
  radiusM?: number;
  /** Shorter stands are not stops, ms. Default 60 s. */
  minDurationMs?: number;
}

/**
 * The places a track stood still: runs of fixes that stay within
 * `radiusM` of the run's first fix, each slow where the speed is known,
 * lasting at least `minDurationMs`.
 */
export function findStops(
  points: readonly ReplayPoint[],
  opts: StopOptions = {},
): Stop[] {
  const maxSpeed = opts.maxSpeedKmh ?? 2;
  const radius = opts.radiusM ?? 30;
  const minDuration = opts.minDurationMs ?? 60_000;

  const stops: Stop[] = [];
  let i = 0;
  while (i < points.length) {
    const anchor = points[i];
    if (!anchor || !standing(anchor, maxSpeed)) {
      i++;
      continue;
    }
    let j = i;
    for (;;) {
      const next = points[j + 1];
      if (!next || !standing(next, maxSpeed)) break;
      if (distanceMeters(anchor, next) > radius) break;
      j++;
    }
    const last = points[j] ?? anchor;
    if (last.t - anchor.t >= minDuration) {
      stops.push({ start: anchor.t, end: last.t, lat: anchor.lat, lon: anchor.lon });
    }
    i = j + 1;
  }
  return stops;
}

/** Slow when the speed is known; a fix without one may still stand. */
function standing(p: ReplayPoint, maxSpeed: number): boolean {
  return p.speed === undefined || p.speed <= maxSpeed;
}
