import { distanceMeters, type LatLon } from '../../../lib/geo/distance';
import type { TripPath } from './types';

export interface Projection {
  /** Distance along the path of the nearest point, km. */
  alongKm: number;
  /** How far the fix lies from that point, km. */
  offsetKm: number;
}

/** Where on the path to look, and where the vehicle is expected. */
export interface SearchWindow {
  fromKm: number;
  toKm: number;
  /** Breaks ties between distant stretches that pass the same place. */
  expectedKm: number;
}

/**
 * Weight of the distance from the expected position against the offset
 * from the path. An out-and-back route passes each place twice at the
 * same offset; 100 m of offset outweighs 1 km of surprise, so a clearly
 * nearer stretch still wins.
 */
const SURPRISE_WEIGHT = 0.1;

const KM_PER_DEG_LAT = 111.2;

export function buildPath(points: LatLon[]): TripPath {
  const cumKm: number[] = [];
  let total = 0;
  points.forEach((p, i) => {
    const prev = points[i - 1];
    if (prev) total += distanceMeters(prev, p) / 1000;
    cumKm.push(total);
  });
  return { points, cumKm, lengthKm: total };
}

/**
 * The best point for `p` on the stretch of the path inside the window
 * (the whole path by default). Undefined only for a path or window with
 * no length to project onto.
 */
export function projectOnPath(
  path: TripPath,
  p: LatLon,
  window: SearchWindow = { fromKm: 0, toKm: path.lengthKm, expectedKm: 0 },
): Projection | undefined {
  let best: Projection | undefined;
  let bestCost = Infinity;

  for (let i = 0; i + 1 < path.points.length; i++) {
    const hit = projectOnSegment(path, i, p, window);
    if (!hit) continue;
    const surprise = Math.abs(hit.alongKm - window.expectedKm);
    const cost = hit.offsetKm + SURPRISE_WEIGHT * surprise;
    if (cost < bestCost) {
      best = hit;
      bestCost = cost;
    }
  }
  return best;
}

/**
 * The shortest distance from `p` to the path, km, whatever the stretch:
 * unlike projectOnPath, no expected position pulls the answer along.
 * Undefined for a path with no length.
 */
export function distanceFromPathKm(path: TripPath, p: LatLon): number | undefined {
  const whole = { fromKm: 0, toKm: path.lengthKm, expectedKm: 0 };
  let best: number | undefined;
  for (let i = 0; i + 1 < path.points.length; i++) {
    const hit = projectOnSegment(path, i, p, whole);
    if (hit && (best === undefined || hit.offsetKm < best)) best = hit.offsetKm;
  }
  return best;
}

/** The point of segment i nearest to p, kept inside the window. */
function projectOnSegment(
  path: TripPath,
  i: number,
  p: LatLon,
  window: SearchWindow,
): Projection | undefined {
  const a = path.points[i];
  const b = path.points[i + 1];
  const startKm = path.cumKm[i];
  const endKm = path.cumKm[i + 1];
  if (!a || !b || startKm === undefined || endKm === undefined) return undefined;

  const lengthKm = endKm - startKm;
  if (lengthKm <= 0) return undefined;
  if (endKm < window.fromKm || startKm > window.toKm) return undefined;

  // Flat-earth coordinates around a: exact enough over one segment.
  const kmPerDegLon = KM_PER_DEG_LAT * Math.cos((a.lat * Math.PI) / 180);
  const bx = (b.lon - a.lon) * kmPerDegLon;
  const by = (b.lat - a.lat) * KM_PER_DEG_LAT;
  const px = (p.lon - a.lon) * kmPerDegLon;
  const py = (p.lat - a.lat) * KM_PER_DEG_LAT;

  const squared = bx * bx + by * by;
  const raw = squared > 0 ? (px * bx + py * by) / squared : 0;
  const uMin = Math.max(0, (window.fromKm - startKm) / lengthKm);
  const uMax = Math.min(1, (window.toKm - startKm) / lengthKm);
  const u = Math.min(uMax, Math.max(uMin, raw));

  const offsetKm = Math.hypot(px - u * bx, py - u * by);
  return { alongKm: startKm + u * lengthKm, offsetKm };
}
