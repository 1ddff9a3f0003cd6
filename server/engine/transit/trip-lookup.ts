import { buildPlannedTrip, type StopInfo, type StopTime } from './planned-trips';
import type { PlannedTrip, TripLookup } from './types';

/**
 * A lookup over planned runs. The timetable's day flags are all set in
 * CapMetro's file, so one trip id runs every date: the run meant is the
 * one whose planned span lies nearest to the fix. That also puts a fix
 * at 00:30 on a trip planned for 24:20 on the previous service date.
 */
export function makeTripLookup(trips: readonly PlannedTrip[]): TripLookup {
  const byId = new Map<string, PlannedTrip[]>();
  for (const trip of trips) {
    const runs = byId.get(trip.tripId);
    if (runs) runs.push(trip);
    else byId.set(trip.tripId, [trip]);
  }

  return (tripId, t) => nearestRun(byId.get(tripId) ?? [], t);
}

/**
 * The same lookup, building each trip's runs only when the trip is first
 * asked for: a whole timetable takes seconds to build, a running fleet
 * needs a few hundred trips of it.
 */
export function lazyTripLookup(
  schedule: ReadonlyMap<string, readonly StopTime[]>,
  stopInfo: ReadonlyMap<string, StopInfo>,
  serviceDates: readonly string[],
): TripLookup {
  const built = new Map<string, PlannedTrip[]>();
  return (tripId, t) => {
    let runs = built.get(tripId);
    if (!runs) {
      const times = schedule.get(tripId);
      runs = [];
      for (const date of times ? serviceDates : []) {
        const run = buildPlannedTrip(tripId, date, times ?? [], stopInfo);
        if (run) runs.push(run);
      }
      built.set(tripId, runs);
    }
    return nearestRun(runs, t);
  };
}

function nearestRun(runs: readonly PlannedTrip[], t: number): PlannedTrip | undefined {
  let best: PlannedTrip | undefined;
  let bestGap = Infinity;
  for (const run of runs) {
    const gap = gapToSpan(run, t);
    if (gap < bestGap) {
      best = run;
      bestGap = gap;
    }
  }
  return best;
}

/** 0 inside the planned span, else the time to its nearer end. */
function gapToSpan(trip: PlannedTrip, t: number): number {
  const start = trip.stops[0]?.plannedAt ?? 0;
  const end = trip.stops.at(-1)?.plannedAt ?? start;
  if (t < start) return start - t;
  return t > end ? t - end : 0;
}
