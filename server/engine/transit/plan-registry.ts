import { buildPath } from './path';
import type { PlannedStop, PlannedTrip, StopActivity } from './types';

/**
 * Trips planned through REST for single vehicles, for fleets without a
 * timetable (deliveries, service calls) or beside one. Each vehicle holds
 * at most one plan; registering another replaces it. Plan times are on the
 * device clock, which is the wall clock for every vehicle; each vehicle's
 * tracker maps them onto its physical clock (vehicle-plans.ts).
 */

/** A plan counts from this long before its first planned time… */
export const PLAN_LEAD_MS = 30 * 60_000;
/** …until this long after its last, and is forgotten after that. */
export const PLAN_TAIL_MS = 60 * 60_000;

/** One stop as a dispatcher plans it; `plannedAt` is device epoch ms. */
export interface PlanStopInput {
  stopId: string;
  name: string;
  lat: number;
  lon: number;
  plannedAt: number;
  activityType?: StopActivity;
}

export interface RegisteredPlan {
  vehicleId: string;
  trip: PlannedTrip;
  /** Grows with every registration, so a replaced plan can be told apart. */
  revision: number;
  /** The span in which fixes without a trip id count as this trip. */
  activeFrom: number;
  activeUntil: number;
}

/**
 * A planned trip through `stops` in the order given, with a straight path
 * from stop to stop. The caller checks there are at least two stops and
 * that times never decrease (lib/protocol/plans.ts).
 */
export function buildRestPlan(
  tripId: string,
  stops: readonly PlanStopInput[],
): PlannedTrip {
  const path = buildPath(stops.map(({ lat, lon }) => ({ lat, lon })));
  const planned = stops.map((s, i): PlannedStop => {
    const stop: PlannedStop = {
      stopId: s.stopId,
      name: s.name,
      lat: s.lat,
      lon: s.lon,
      plannedAt: s.plannedAt,
      alongKm: path.cumKm[i] ?? 0,
      // Nobody waits at a dispatcher's stop for its minute to come.
      timepoint: false,
    };
    if (s.activityType !== undefined) stop.activityType = s.activityType;
    return stop;
  });
  const first = stops[0]?.plannedAt ?? 0;
  const serviceDate = new Date(first).toISOString().slice(0, 10);
  return { tripId, serviceDate, stops: planned, path };
}

export class PlanRegistry {
  private readonly plans = new Map<string, RegisteredPlan>();
  private revisions = 0;

  /** Registers `trip` for the vehicle, replacing any plan it had. */
  set(vehicleId: string, trip: PlannedTrip): RegisteredPlan {
    const first = trip.stops[0]?.plannedAt ?? 0;
    const last = trip.stops.at(-1)?.plannedAt ?? first;
    const plan: RegisteredPlan = {
      vehicleId,
      trip,
      revision: ++this.revisions,
      activeFrom: first - PLAN_LEAD_MS,
      activeUntil: last + PLAN_TAIL_MS,
    };
    this.plans.set(vehicleId, plan);
    return plan;
  }

  /** The vehicle's plan unless it ended before `now`; an ended one is dropped. */
  get(vehicleId: string, now: number): RegisteredPlan | undefined {
    const plan = this.plans.get(vehicleId);
    if (!plan || now <= plan.activeUntil) return plan;
    this.plans.delete(vehicleId);
    return undefined;
  }

  /** The vehicle's plan when `t` lies in its active span. */
  activeAt(vehicleId: string, t: number): RegisteredPlan | undefined {
    const plan = this.get(vehicleId, t);
    return plan && t >= plan.activeFrom ? plan : undefined;
  }
}
