import { vehicleOnTrip } from './progress';
import { step, type TrackerContext } from './tracker';
import { isDataError, type TrackerState } from './tracker-state';
import type { PlannedTrip, TransitFix } from './types';
import type { VehicleOnTrip } from './eta';

/** One vehicle's run of one planned trip, as the tracker saw it. */
export interface ObservedRun {
  vehicleId: string;
  plan: PlannedTrip;
  /** Stop index → interpolated arrival, for the stops with a waypoint. */
  arrivals: Map<number, number>;
  dataError: boolean;
  /** The vehicle's state at each fix that lay on the run's path. */
  moments: VehicleOnTrip[];
}

export interface TrackedDay {
  runs: ObservedRun[];
  /** Fixes whose trip id the timetable does not know. */
  unknownTripFixes: number;
}

/**
 * Runs the tracker over every vehicle of a day and gathers what it saw,
 * by run: the waypoints' arrivals and the vehicle's state at each fix.
 * Each vehicle's fixes must be in time order.
 */
export function trackDay(
  fixesByVehicle: ReadonlyMap<string, readonly TransitFix[]>,
  context: TrackerContext,
): TrackedDay {
  const runs: ObservedRun[] = [];
  let unknownTripFixes = 0;

  for (const [vehicleId, fixes] of fixesByVehicle) {
    let state: TrackerState = {};
    let current: ObservedRun | undefined;

    for (const fix of fixes) {
      const result = step(state, fix, context);
      state = result.state;
      const run = state.trip;
      if (fix.tripId !== undefined && run?.plan.tripId !== fix.tripId) {
        unknownTripFixes += 1;
      }

      for (const event of result.events) {
        if (event.kind === 'trip_started' && run) {
          current = {
            vehicleId,
            plan: run.plan,
            arrivals: new Map(),
            dataError: false,
            moments: [],
          };
          runs.push(current);
        } else if (current && event.kind === 'waypoint_reached') {
          current.arrivals.set(event.stopIndex, event.arrivalAt);
        } else if (current && event.kind === 'trip_data_error') {
          current.dataError = true;
        }
      }

      const onPath = run?.position?.t === fix.t && !run.finished;
      if (run && current?.plan === run.plan && onPath) {
        current.moments.push(vehicleOnTrip(run, fix.t));
      }
    }
    closeOpenRun(state, current);
  }
  return { runs, unknownTripFixes };
}

/**
 * A run still open when the day's data ends gets no completion; judge it
 * as the tracker would have, so its held waypoints are not lost.
 */
function closeOpenRun(state: TrackerState, current: ObservedRun | undefined): void {
  const run = state.trip;
  if (!run || !current || run.finished || run.plan !== current.plan) return;
  if (isDataError(run)) {
    current.dataError = true;
    return;
  }
  for (const w of run.pending) current.arrivals.set(w.stopIndex, w.arrivalAt);
}
