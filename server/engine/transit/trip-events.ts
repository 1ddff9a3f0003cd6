import type { Passage } from './stop-passage';
import { isDataError, type TripRun } from './tracker-state';
import type {
  CompletionReason,
  TransitEvent,
  TripStarted,
  WaypointReached,
} from './types';

const MINUTE_MS = 60_000;

export function tripStarted(run: TripRun): TripStarted {
  return {
    kind: 'trip_started',
    tripId: run.plan.tripId,
    serviceDate: run.plan.serviceDate,
    at: run.startedAt,
  };
}

/** The waypoint for one passage; `endEta` is the last stop's prediction. */
export function waypointReached(
  run: TripRun,
  passage: Passage,
  endEta: number | undefined,
): WaypointReached | undefined {
  const { stops } = run.plan;
  const stop = stops[passage.index];
  if (!stop) return undefined;

  const event: WaypointReached = {
    kind: 'waypoint_reached',
    tripId: run.plan.tripId,
    stopIndex: passage.index,
    stopId: stop.stopId,
    name: stop.name,
    lat: stop.lat,
    lon: stop.lon,
    arrivalAt: passage.at,
    plannedAt: stop.plannedAt,
    delayMinutes: wholeMinutes(passage.at - stop.plannedAt),
    activityType: stop.activityType ?? 'stop',
    completedStops: passage.index + 1,
    remainingStops: stops.length - passage.index - 1,
  };
  const isLast = passage.index === stops.length - 1;
  if (!isLast && endEta !== undefined) event.updatedEta = endEta;
  return event;
}

/**
 * The events that end a run: its held waypoints when it was never
 * contradicted, a data error when it was never borne out, then the
 * completion itself.
 */
export function closingEvents(run: TripRun, reason: CompletionReason): TransitEvent[] {
  const events: TransitEvent[] = [];
  const dataError = isDataError(run);
  const at = reason === 'last_stop' && run.lastPassed ? run.lastPassed.at : run.lastFixAt;

  if (dataError) {
    const error: TransitEvent = {
      kind: 'trip_data_error',
      tripId: run.plan.tripId,
      serviceDate: run.plan.serviceDate,
      at,
      reason: run.reason ?? 'off_route',
    };
    if (run.closestMs !== undefined) {
      error.closestMinutes = wholeMinutes(run.closestMs);
    }
    events.push(error);
  } else {
    events.push(...run.pending);
  }

  const moved = (run.position?.alongKm ?? 0) - (run.firstKm ?? 0);
  events.push({
    kind: 'trip_completed',
    tripId: run.plan.tripId,
    at,
    startedAt: run.startedAt,
    distanceKm: Math.round(Math.max(0, moved) * 1000) / 1000,
    durationS: Math.round((at - run.startedAt) / 1000),
    reason,
    dataError,
  });
  return events;
}

/** Rounded minutes; never -0, which would print as "-0" in a log. */
export function wholeMinutes(ms: number): number {
  return Math.round(ms / MINUTE_MS) + 0;
}
