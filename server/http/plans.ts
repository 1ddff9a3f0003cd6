import {
  describePlanIssue,
  tripPlanSchema,
  type PlanStop,
  type TripPlanResponse,
} from '../../lib/protocol';
import {
  buildRestPlan,
  PLAN_TAIL_MS,
  type PlanStopInput,
  type RegisteredPlan,
} from '../engine/transit/plan-registry';
import { readJson } from './body';
import type { Call, RestDeps, Route } from './rest';
import { sendError, sendJson } from './respond';

/** Largest plan body read: 200 stops with long ids and names fit. */
export const MAX_PLAN_BODY_BYTES = 128 * 1024;

const PLAN_PATH = /^\/v1\/vehicles\/([^/]+)\/plan$/;

/**
 * `PUT /v1/vehicles/{id}/plan` registers the trip a vehicle is to run,
 * stop by stop, for the engine to follow (waypoints, delays, progress,
 * ETA); a new one replaces the last. `GET` answers it until an hour after
 * its last stop. A vehicle outside the key's fleets is answered like an
 * unknown one.
 */
export function planRoutes(deps: RestDeps, now: () => number = Date.now): Route[] {
  return [
    {
      method: 'PUT',
      path: PLAN_PATH,
      roles: ['dispatcher', 'admin'],
      handle: (call) => putPlan(deps, call, now()),
    },
    {
      method: 'GET',
      path: PLAN_PATH,
      handle: (call) => getPlan(deps, call, now()),
    },
  ];
}

async function putPlan(deps: RestDeps, call: Call, now: number): Promise<void> {
  const { req, res, principal } = call;
  const vehicleId = call.params[0] ?? '';
  const fleetId = deps.state.fleetOf(vehicleId);
  if (!fleetId || !principal.fleets.has(fleetId)) return notVisible(call, vehicleId);

  const body = tripPlanSchema.safeParse(await readJson(req, MAX_PLAN_BODY_BYTES));
  if (!body.success) {
    return sendError(res, 'invalid_message', describePlanIssue(body.error));
  }
  const stops = body.data.stops.map(toStopInput);
  const last = stops.length - 1;
  if ((stops[last]?.plannedAt ?? 0) + PLAN_TAIL_MS < now) {
    const field = `stops[${last}].planned_time`;
    const text = `${field} is over an hour ago; the plan would never be followed`;
    return sendError(res, 'invalid_message', text);
  }

  const trip = buildRestPlan(body.data.trip_id, stops);
  const plan = deps.engine.plans.set(vehicleId, trip);
  sendJson(res, 200, toResponse(plan, fleetId));
}

async function getPlan(deps: RestDeps, call: Call, now: number): Promise<void> {
  const vehicleId = call.params[0] ?? '';
  const fleetId = deps.state.fleetOf(vehicleId);
  if (!fleetId || !call.principal.fleets.has(fleetId)) return notVisible(call, vehicleId);

  const plan = deps.engine.plans.get(vehicleId, now);
  if (!plan) {
    return sendError(call.res, 'not_found', `Vehicle ${vehicleId} has no plan`);
  }
  sendJson(call.res, 200, toResponse(plan, fleetId));
}

function notVisible(call: Call, vehicleId: string): void {
  sendError(call.res, 'not_found', `No vehicle ${vehicleId} is visible to this key`);
}

function toStopInput(s: PlanStop): PlanStopInput {
  return {
    stopId: s.stop_id,
    name: s.name,
    lat: s.latitude,
    lon: s.longitude,
    plannedAt: Date.parse(s.planned_time),
    ...(s.activity_type !== undefined && { activityType: s.activity_type }),
  };
}

function toResponse(plan: RegisteredPlan, fleetId: string): TripPlanResponse {
  const iso = (t: number) => new Date(t).toISOString();
  return {
    vehicle_id: plan.vehicleId,
    fleet_id: fleetId,
    trip_id: plan.trip.tripId,
    active_from: iso(plan.activeFrom),
    active_until: iso(plan.activeUntil),
    stops: plan.trip.stops.map((s) => ({
      stop_id: s.stopId,
      name: s.name,
      latitude: s.lat,
      longitude: s.lon,
      planned_time: iso(s.plannedAt),
      ...(s.activityType !== undefined && { activity_type: s.activityType }),
    })),
  };
}
