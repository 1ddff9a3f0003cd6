/**
 * The few GeoJSON shapes the basemap emits (RFC 7946). Declared here
 * rather than borrowed so the assets speak one small vocabulary.
 * Positions are always [lon, lat].
 */
export type Position = [lon: number, lat: number];

export type PointGeometry = { type: 'Point'; coordinates: Position };
export type LineGeometry = { type: 'LineString'; coordinates: Position[] };
export type AreaGeometry =
  | { type: 'Polygon'; coordinates: Position[][] }
  | { type: 'MultiPolygon'; coordinates: Position[][][] };

export type Geometry = PointGeometry | LineGeometry | AreaGeometry;

export type Properties = Record<string, string | number>;

export interface Feature<G extends Geometry = Geometry> {
  type: 'Feature';
  properties: Properties;
  geometry: G;
}

export interface FeatureCollection<G extends Geometry = Geometry> {
  type: 'FeatureCollection';
  features: Feature<G>[];
}

/** Six decimals is about 0.1 m: finer digits only add bytes. */
const DEFAULT_DIGITS = 6;

/**
 * Builds a position from raw numbers, or null when it cannot be drawn:
 * non-finite, outside WGS84, or the 0,0 that recorders write when they
 * have no fix.
 */
export function toPosition(
  lon: number,
  lat: number,
  digits = DEFAULT_DIGITS,
): Position | null {
  if (!Number.isFinite(lon) || !Number.isFinite(lat)) return null;
  if (Math.abs(lon) > 180 || Math.abs(lat) > 90) return null;
  if (lon === 0 && lat === 0) return null;
  return [round(lon, digits), round(lat, digits)];
}

export function samePosition(a: Position, b: Position): boolean {
  return a[0] === b[0] && a[1] === b[1];
}

export function featureCollection<G extends Geometry>(
  features: Feature<G>[],
): FeatureCollection<G> {
  return { type: 'FeatureCollection', features };
}

function round(value: number, digits: number): number {
  const scale = 10 ** digits;
  return Math.round(value * scale) / scale;
}
