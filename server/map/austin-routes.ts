import { distanceMeters } from '../../lib/geo/distance';
import { readAustinStops } from './austin-stops';
import { readStopTimes, type StopTime } from './austin-schedule';
import { readTripRoutes, type TripRoute } from './austin-trips';
import {
  featureCollection,
  samePosition,
  type Feature,
  type FeatureCollection,
  type LineGeometry,
  type Position,
} from './geojson';

interface Pick {
  route: TripRoute;
  tripId: string;
  times: StopTime[];
}

/**
 * One line per (route, headsign) seen in the recorded positions, drawn
 * through the stops of its longest scheduled trip in arrival order.
 * The longest trip stands for the pattern because shorter trips with
 * the same route and headsign (short turns) skip stops at its ends.
 * Properties: `route_id`, `headsign`.
 */
export async function buildAustinRoutes(
  dataDir: string,
): Promise<FeatureCollection<LineGeometry>> {
  const [tripRoutes, stops] = await Promise.all([
    readTripRoutes(dataDir),
    readAustinStops(dataDir),
  ]);
  const stopTimes = await readStopTimes(dataDir, new Set(tripRoutes.keys()));
  const where = new Map(stops.map((s) => [s.id, s.at]));

  const features: Feature<LineGeometry>[] = [];
  for (const pick of longestTrips(tripRoutes, stopTimes)) {
    for (const line of splitAtGaps(traceStops(pick.times, where), MAX_DRAWN_GAP_KM)) {
      features.push({
        type: 'Feature',
        properties: { route_id: pick.route.routeId, headsign: pick.route.headsign },
        geometry: { type: 'LineString', coordinates: line },
      });
    }
  }
  return featureCollection(features);
}

/**
 * The trip with the most stops for each route and headsign, in a stable
 * order (route, then headsign). Ties go to the lower trip_id so the
 * output does not depend on file order.
 */
function longestTrips(
  tripRoutes: Map<string, TripRoute>,
  stopTimes: Map<string, StopTime[]>,
): Pick[] {
  const best = new Map<string, Pick>();
  for (const [tripId, times] of stopTimes) {
    const route = tripRoutes.get(tripId);
    if (!route) continue;
    const key = `${route.routeId}\u0000${route.headsign}`;
    const held = best.get(key);
    if (held && !beats(times, tripId, held)) continue;
    best.set(key, { route, tripId, times });
  }
  return [...best.values()].sort(byRouteThenHeadsign);
}

function beats(times: StopTime[], tripId: string, held: Pick): boolean {
  if (times.length !== held.times.length) return times.length > held.times.length;
  return tripId < held.tripId;
}

function byRouteThenHeadsign(a: Pick, b: Pick): number {
  const byRoute = a.route.routeId.localeCompare(b.route.routeId, 'en', {
    numeric: true,
  });
  return byRoute || a.route.headsign.localeCompare(b.route.headsign, 'en');
}

/**
 * Between stops farther apart than this (an express run on a highway),
 * the road taken is unknown: a straight line would cut across town, so the
 * route is drawn in pieces instead.
 */
const MAX_DRAWN_GAP_KM = 2;

function splitAtGaps(line: Position[], maxKm: number): Position[][] {
  const pieces: Position[][] = [];
  let piece: Position[] = [];
  for (const at of line) {
    const last = piece[piece.length - 1];
    if (last && gapKm(last, at) > maxKm) {
      if (piece.length >= 2) pieces.push(piece);
      piece = [];
    }
    piece.push(at);
  }
  if (piece.length >= 2) pieces.push(piece);
  return pieces;
}

function gapKm(a: Position, b: Position): number {
  return distanceMeters({ lon: a[0], lat: a[1] }, { lon: b[0], lat: b[1] }) / 1000;
}

/** Stop coordinates in order, skipping unknown stops and repeats. */
function traceStops(times: StopTime[], where: Map<string, Position>): Position[] {
  const line: Position[] = [];
  for (const { stopId } of times) {
    const at = where.get(stopId);
    const last = line[line.length - 1];
    if (!at || (last && samePosition(last, at))) continue;
    line.push(at);
  }
  return line;
}
