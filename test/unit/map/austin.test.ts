import { distanceMeters } from '../../../lib/geo/distance';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildAustinRoutes } from '../../../server/map/austin-routes';
import { buildAustinStops } from '../../../server/map/austin-stops';
import { DATA_DIR } from './support/paths';
import { inside, positionsOf, type Box } from './support/geojson';

const AUSTIN: Box = { west: -98.1, south: 30.0, east: -97.4, north: 30.8 };
// Two real stops lie in Elgin (97.37 W), just east of the city box.
const SERVICE_AREA: Box = { ...AUSTIN, east: -97.3 };

type Routes = Awaited<ReturnType<typeof buildAustinRoutes>>;
type Stops = Awaited<ReturnType<typeof buildAustinStops>>;

// The real files, built once: each build reads the 413k-row schedule.
let routes: Routes;
let stops: Stops;
beforeAll(async () => {
  [routes, stops] = await Promise.all([
    buildAustinRoutes(DATA_DIR),
    buildAustinStops(DATA_DIR),
  ]);
});

describe('buildAustinRoutes', () => {
  it('draws each route as a LineString of at least two points', () => {
    expect(routes.features.length).toBeGreaterThan(60);
    for (const { geometry } of routes.features) {
      expect(geometry.type).toBe('LineString');
      expect(geometry.coordinates.length).toBeGreaterThanOrEqual(2);
    }
  });

  it("keeps every point finite, as [lon, lat], inside Austin's extent", () => {
    const points = routes.features.flatMap((f) => positionsOf(f.geometry.coordinates));
    const outside = points.filter(
      (p) => !Number.isFinite(p[0]) || !Number.isFinite(p[1]) || !inside(p, AUSTIN),
    );

    expect(points.length).toBeGreaterThan(1000);
    expect(outside).toEqual([]);
  });

  it('draws each route and headsign, in pieces where stops are over 2 km apart', () => {
    const keys = routes.features.map(
      (f) => `${f.properties.route_id}|${f.properties.headsign}`,
    );
    const longest = Math.max(
      ...routes.features.flatMap((f) =>
        f.geometry.coordinates.slice(1).map((p, i) => {
          const q = f.geometry.coordinates[i] ?? p;
          return distanceMeters({ lon: p[0], lat: p[1] }, { lon: q[0], lat: q[1] });
        }),
      ),
    );

    expect(new Set(keys).size).toBeGreaterThan(100);
    expect(longest).toBeLessThanOrEqual(2000);
  });

  it('names the route and headsign of each line', () => {
    const first = routes.features.find((f) => f.properties.route_id === '1');

    expect(first?.properties).toEqual({
      route_id: '1',
      headsign: '1-Metric/South Congress-NB',
    });
  });
});

describe('buildAustinStops', () => {
  it('draws every stop as a point with its id and name', () => {
    const stop = stops.features.find((f) => f.properties.stop_id === '252');

    expect(stops.features).toHaveLength(2657);
    expect(stop).toEqual({
      type: 'Feature',
      properties: { stop_id: '252', name: '200 TRINITY/2ND' },
      geometry: { type: 'Point', coordinates: [-97.740427, 30.263842] },
    });
  });

  it("places every stop inside Capital Metro's service area", () => {
    const outside = stops.features.filter(
      (f) => !inside(f.geometry.coordinates, SERVICE_AREA),
    );

    expect(outside).toEqual([]);
  });
});
