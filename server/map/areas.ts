/**
 * Re-reads polygon geometry from parsed JSON point by point, so a bad
 * coordinate in a data file never reaches the map. Used for the county
 * files and for the land decoded from TopoJSON.
 */
import { toPosition, type AreaGeometry, type Position } from './geojson';

/** A Polygon or MultiPolygon, or null when nothing drawable is left. */
export function readArea(
  raw: { type?: unknown; coordinates?: unknown } | null | undefined,
  digits?: number,
): AreaGeometry | null {
  if (!raw || !Array.isArray(raw.coordinates)) return null;
  if (raw.type === 'Polygon') {
    const rings = readPolygon(raw.coordinates, digits);
    return rings ? { type: 'Polygon', coordinates: rings } : null;
  }
  if (raw.type !== 'MultiPolygon') return null;

  const polygons: Position[][][] = [];
  for (const polygon of raw.coordinates) {
    const rings = readPolygon(polygon, digits);
    if (rings) polygons.push(rings);
  }
  return polygons.length ? { type: 'MultiPolygon', coordinates: polygons } : null;
}

/**
 * A polygon's rings, or null when its outer ring is unusable: without
 * it the holes would turn into outer rings. A ring needs four points.
 */
function readPolygon(raw: unknown, digits?: number): Position[][] | null {
  if (!Array.isArray(raw)) return null;
  const rings: Position[][] = [];
  for (const [i, ring] of raw.entries()) {
    const points = readRing(ring, digits);
    if (points.length >= 4) rings.push(points);
    else if (i === 0) return null;
  }
  return rings;
}

function readRing(raw: unknown, digits?: number): Position[] {
  if (!Array.isArray(raw)) return [];
  const points: Position[] = [];
  for (const point of raw) {
    if (!Array.isArray(point)) continue;
    const [lon, lat] = point;
    if (typeof lon !== 'number' || typeof lat !== 'number') continue;
    const at = toPosition(lon, lat, digits);
    if (at) points.push(at);
  }
  return points;
}
