import { describe, expect, it } from 'vitest';
import type { TripRoute } from '../../../lib/api/vehicle-map';
import { nextStopOf, routeLines, stopPoints } from '../../../lib/map/trip-route';
import type { RouteProgressPayload } from '../../../lib/protocol';

function route(stops = 4, nextStop = 1): TripRoute {
  const list = Array.from({ length: stops }, (_, i) => ({
    id: `s${i}`,
    name: `Stop ${i}`,
    lat: 30 + i / 100,
    lon: -97,
    plannedAt: i * 60_000,
  }));
  return {
    vehicleId: 'bus-1',
    tripId: 'trip-1',
    stops: list,
    nextStop,
    path: list.map((s): [number, number] => [s.lon, s.lat]),
  };
}

function progress(tripId: string, completed: number): RouteProgressPayload {
  return {
    vehicle_id: 'bus-1',
    fleet_id: 'f',
    trip_id: tripId,
    distance_completed: 1,
    distance_remaining: 1,
    completion_percentage: 50,
    completed_stops: completed,
    remaining_stops: 4 - completed,
  };
}

describe('nextStopOf', () => {
  it("takes the route's own next stop without live progress", () => {
    expect(nextStopOf(route(4, 1), undefined)).toBe(1);
  });

  it('takes live progress of the same trip over the fetched route', () => {
    expect(nextStopOf(route(4, 1), progress('trip-1', 3))).toBe(3);
  });

  it('ignores progress of another trip', () => {
    expect(nextStopOf(route(4, 1), progress('trip-0', 3))).toBe(1);
  });
});

describe('routeLines', () => {
  it('splits the path at the last stop passed', () => {
    const lines = routeLines(route(4), 2);

    expect(
      lines.features.map((f) => [f.properties?.['part'], f.geometry.coordinates.length]),
    ).toEqual([
      ['done', 2],
      ['ahead', 3],
    ]);
  });

  it('draws the whole path ahead before the first stop', () => {
    const lines = routeLines(route(4), 0);

    expect(lines.features.map((f) => f.properties?.['part'])).toEqual(['ahead']);
  });

  it('draws the whole path done once every stop is passed', () => {
    const lines = routeLines(route(4), 4);

    expect(lines.features.map((f) => f.properties?.['part'])).toEqual(['done']);
  });
});

describe('stopPoints', () => {
  it('marks stops passed, next and ahead, the next one drawn last', () => {
    const points = stopPoints(route(4), 2);

    expect(
      points.features.map((f) => [f.properties?.['id'], f.properties?.['state']]),
    ).toEqual([
      ['s0', 'passed'],
      ['s1', 'passed'],
      ['s3', 'ahead'],
      ['s2', 'next'],
    ]);
  });
});
