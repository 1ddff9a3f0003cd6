import type { Feature, FeatureCollection, LineString, Point } from 'geojson';
import { unwrapLongitudes } from '../geo/unwrap';
import type { TripRoute } from '../api/vehicle-map';
import type { RouteProgressPayload } from '../protocol';

/** Where a stop lies against the vehicle: behind it, next, or still ahead. */
export type StopState = 'passed' | 'next' | 'ahead';

/**
 * Index of the next stop. Live route progress of the same trip is newer
 * than the route fetched when the vehicle was selected, so it wins.
 */
export function nextStopOf(
  route: TripRoute,
  progress: RouteProgressPayload | undefined,
): number {
  if (!progress || progress.trip_id !== route.tripId) return route.nextStop;
  return Math.min(Math.max(0, progress.completed_stops), route.stops.length);
}

/**
 * The path as two lines: the stretch already run (to the last stop
 * passed) and the stretch ahead (from it), with `part` set to `done` or
 * `ahead`. Path point i is stop i (the engine's path runs stop to stop).
 */
export function routeLines(
  route: TripRoute,
  next: number,
): FeatureCollection<LineString> {
  const split = Math.min(Math.max(next - 1, 0), route.path.length - 1);
  const done = route.path.slice(0, split + 1);
  const ahead = route.path.slice(split);
  const features: Feature<LineString>[] = [];
  if (done.length >= 2) features.push(line(done, 'done'));
  if (ahead.length >= 2) features.push(line(ahead, 'ahead'));
  return { type: 'FeatureCollection', features };
}

/** Every stop as a point with `state`, `name` and `id`; the next one last. */
export function stopPoints(route: TripRoute, next: number): FeatureCollection<Point> {
  const features = route.stops.map((s, i): Feature<Point> => ({
    type: 'Feature',
    properties: { id: s.id, name: s.name, state: stateOf(i, next) },
    geometry: { type: 'Point', coordinates: [s.lon, s.lat] },
  }));
  // Drawn last, the next stop is never hidden under a neighbour.
  const nextStop = features.splice(next, 1);
  return { type: 'FeatureCollection', features: [...features, ...nextStop] };
}

function stateOf(i: number, next: number): StopState {
  if (i < next) return 'passed';
  return i === next ? 'next' : 'ahead';
}

function line(coordinates: Array<[number, number]>, part: string): Feature<LineString> {
  return {
    type: 'Feature',
    properties: { part },
    geometry: { type: 'LineString', coordinates: unwrapLongitudes(coordinates) },
  };
}
