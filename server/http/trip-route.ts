import type { TripRouteResponse, TripRouteStop } from '../../lib/protocol/trip-route';
import type { PlannedTrip } from '../engine/transit/types';
import type { Call, RestDeps, Route } from './rest';
import { sendError, sendJson } from './respond';

/**
 * `GET /v1/vehicles/{id}/trip`: the planned path and stops of the trip the
 * engine follows the vehicle on, with the next stop, for the map. Off a
 * followed trip it falls back to the vehicle's REST plan (not started
 * yet), else 404. A vehicle outside the key's fleets is answered like an
 * unknown one.
 */
export function tripRouteRoutes(deps: RestDeps, now: () => number = Date.now): Route[] {
  return [
    {
      method: 'GET',
      path: /^\/v1\/vehicles\/([^/]+)\/trip$/,
      handle: (call) => getTripRoute(deps, call, now()),
    },
  ];
}

async function getTripRoute(deps: RestDeps, call: Call, now: number): Promise<void> {
  const { res, principal } = call;
  const vehicleId = call.params[0] ?? '';
  const fleetId = deps.state.fleetOf(vehicleId);
  if (!fleetId || !principal.fleets.has(fleetId)) {
    return sendError(res, 'not_found', `No vehicle ${vehicleId} is visible to this key`);
  }

  const base = { vehicle_id: vehicleId, fleet_id: fleetId };
  const vehicle = deps.engine.vehicle(vehicleId);
  const run = vehicle?.plannedRun;
  if (vehicle && run) {
    // The tracker holds plan times on the vehicle's physical clock; the
    // wire speaks device time (a replay's clock runs fast).
    const device = (t: number) => vehicle.clock.device(t);
    const plan = deps.engine.plans.get(vehicleId, now);
    const source = plan?.trip.tripId === run.plan.tripId ? 'plan' : 'timetable';
    return sendJson(res, 200, {
      ...base,
      ...toRoute(run.plan, device),
      source,
      next_stop: run.nextStop,
    } satisfies TripRouteResponse);
  }

  const plan = deps.engine.plans.get(vehicleId, now);
  if (!plan) {
    return sendError(res, 'not_found', `Vehicle ${vehicleId} is on no planned trip`);
  }
  sendJson(res, 200, {
    ...base,
    ...toRoute(plan.trip, (t) => t),
    source: 'plan',
    next_stop: 0,
  } satisfies TripRouteResponse);
}

function toRoute(
  trip: PlannedTrip,
  device: (physical: number) => number,
): Pick<TripRouteResponse, 'trip_id' | 'stops' | 'path'> {
  const stops = trip.stops.map((s): TripRouteStop => ({
    stop_id: s.stopId,
    name: s.name,
    latitude: s.lat,
    longitude: s.lon,
    planned_time: new Date(Math.round(device(s.plannedAt))).toISOString(),
  }));
  const path = trip.path.points.map((p): [number, number] => [p.lon, p.lat]);
  return { trip_id: trip.tripId, stops, path };
}
