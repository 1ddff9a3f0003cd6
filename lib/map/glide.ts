import { distanceMeters } from '../geo/distance';

/**
 * Vehicles glide from where they are drawn to their newest real fix. The
 * server sends only real fixes; the motion between them is drawn here.
 */
export interface Glide {
  fromLon: number;
  fromLat: number;
  toLon: number;
  toLat: number;
  start: number;
  duration: number;
}

/** Farther than this, a move is a jump: draw it at once, not as travel. */
export const MAX_GLIDE_M = 3000;
export const MIN_GLIDE_MS = 400;
export const MAX_GLIDE_MS = 20_000;

export function startGlide(
  from: readonly [number, number] | undefined,
  to: readonly [number, number],
  now: number,
  expectedIntervalMs: number,
): Glide {
  const [toLon, toLat] = to;
  const still = { fromLon: toLon, fromLat: toLat, toLon, toLat, start: now, duration: 0 };
  if (!from) return still;
  const metres = distanceMeters(
    { lon: from[0], lat: from[1] },
    { lon: toLon, lat: toLat },
  );
  if (metres > MAX_GLIDE_M) return still;
  const duration = Math.min(MAX_GLIDE_MS, Math.max(MIN_GLIDE_MS, expectedIntervalMs));
  // Across the antimeridian, start from the unwrapped longitude so the
  // vehicle takes the short way (179.9 → -179.9 is 0.2°, not 359.8°).
  const fromLon = from[0] + 360 * Math.round((toLon - from[0]) / 360);
  return { fromLon, fromLat: from[1], toLon, toLat, start: now, duration };
}

/** Where a gliding vehicle is drawn at `now`. */
export function glidePosition(g: Glide, now: number): [number, number] {
  if (g.duration <= 0 || now >= g.start + g.duration) return [g.toLon, g.toLat];
  const t = Math.max(0, (now - g.start) / g.duration);
  const lon = g.fromLon + (g.toLon - g.fromLon) * t;
  return [
    lon > 180 ? lon - 360 : lon < -180 ? lon + 360 : lon,
    g.fromLat + (g.toLat - g.fromLat) * t,
  ];
}

export function isGliding(g: Glide, now: number): boolean {
  return g.duration > 0 && now < g.start + g.duration;
}
