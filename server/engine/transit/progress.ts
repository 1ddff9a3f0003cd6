import { round } from '../../../lib/geo/units';
import { currentDelayMs, type VehicleOnTrip } from './eta';
import type { TripRun } from './tracker-state';
import { wholeMinutes } from './trip-events';
import type { RouteProgress } from './types';

/** What the model and the progress snapshot see of a run. */
export function vehicleOnTrip(run: TripRun, t: number): VehicleOnTrip {
  const v: VehicleOnTrip = {
    t,
    alongKm: run.position?.alongKm ?? 0,
    nextStop: run.nextStop,
  };
  if (run.lastPassed) v.lastPassed = run.lastPassed;
  if (run.speedKmh !== undefined) v.speedKmh = run.speedKmh;
  return v;
}

/** A progress snapshot; `etas` are the predictions from nextStop on. */
export function routeProgress(run: TripRun, t: number, etas: number[]): RouteProgress {
  const { plan } = run;
  const length = plan.path.lengthKm;
  const done = Math.min(length, Math.max(0, run.position?.alongKm ?? 0));
  const v = vehicleOnTrip(run, t);

  const snapshot: RouteProgress = {
    kind: 'route_progress',
    tripId: plan.tripId,
    at: t,
    distanceCompletedKm: round(done, 3),
    distanceRemainingKm: round(length - done, 3),
    completionPercentage: length > 0 ? round((100 * done) / length, 1) : 0,
    completedStops: run.nextStop,
    remainingStops: plan.stops.length - run.nextStop,
    delayMinutes: wholeMinutes(currentDelayMs(plan, v)),
  };

  const next = plan.stops[run.nextStop];
  if (next) {
    snapshot.nextStopId = next.stopId;
    snapshot.nextStopName = next.name;
  }
  const nextEta = etas[0];
  const endEta = etas.at(-1);
  if (nextEta !== undefined) snapshot.nextStopEta = nextEta;
  if (endEta !== undefined) snapshot.eta = endEta;
  return snapshot;
}
