import { distanceMeters } from '../../lib/geo/distance';
import type { AreaGeometry, Position } from '../map/geojson';
import { readAustinStops } from '../map/austin-stops';
import { buildCounties } from '../map/counties';

/** A point of the offline gazetteer: a stop with its name. */
interface NamedPoint {
  name: string;
  lat: number;
  lon: number;
}

interface NamedArea {
  name: string;
  geometry: AreaGeometry;
}

/** How close a named stop must be to describe a position. */
const NEAR_M = 250;
/** Grid cell for the stop index, degrees (~1.1 km north–south). */
const CELL = 0.01;

/**
 * Fills `address` offline from what the project ships: the nearest named
 * stop ("near 4925 CRAIGWOOD/FM 969"), else the county ("Washtenaw County,
 * Michigan"). Never an online geocoder.
 */
export class Places {
  private readonly grid = new Map<string, NamedPoint[]>();

  private constructor(
    points: NamedPoint[],
    private readonly areas: NamedArea[],
  ) {
    for (const p of points) {
      const key = cellKey(p.lat, p.lon);
      const list = this.grid.get(key) ?? [];
      list.push(p);
      this.grid.set(key, list);
    }
  }

  static async load(dataDir: string): Promise<Places> {
    const stops = await readAustinStops(dataDir);
    const counties = await buildCounties(dataDir);
    const points = stops.map((s) => ({ name: s.name, lon: s.at[0], lat: s.at[1] }));
    const areas = counties.features.map((f) => ({
      name: `${String(f.properties['name'])} County, ${String(f.properties['state'])}`,
      geometry: f.geometry,
    }));
    return new Places(points, areas);
  }

  static empty(): Places {
    return new Places([], []);
  }

  describe(lat: number, lon: number): string | undefined {
    const stop = this.nearestStop(lat, lon);
    if (stop) return `near ${stop.name}`;
    return this.areas.find((a) => contains(a.geometry, lon, lat))?.name;
  }

  private nearestStop(lat: number, lon: number): NamedPoint | undefined {
    let best: NamedPoint | undefined;
    let bestM = NEAR_M;
    const cy = Math.floor(lat / CELL);
    const cx = Math.floor(lon / CELL);
    for (let dy = -1; dy <= 1; dy++) {
      for (let dx = -1; dx <= 1; dx++) {
        for (const p of this.grid.get(`${cy + dy}:${cx + dx}`) ?? []) {
          const m = distanceMeters({ lat, lon }, p);
          if (m < bestM) {
            best = p;
            bestM = m;
          }
        }
      }
    }
    return best;
  }
}

function cellKey(lat: number, lon: number): string {
  return `${Math.floor(lat / CELL)}:${Math.floor(lon / CELL)}`;
}

function contains(g: AreaGeometry, lon: number, lat: number): boolean {
  const polygons = g.type === 'Polygon' ? [g.coordinates] : g.coordinates;
  return polygons.some((rings) => {
    const [outer, ...holes] = rings;
    if (!outer || !inRing(outer, lon, lat)) return false;
    return !holes.some((h) => inRing(h, lon, lat));
  });
}

/** Even–odd ray casting. */
function inRing(ring: Position[], x: number, y: number): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i] as Position;
    const [xj, yj] = ring[j] as Position;
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi)
      inside = !inside;
  }
  return inside;
}
