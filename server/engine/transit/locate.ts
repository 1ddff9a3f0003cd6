import { projectOnPath, type SearchWindow } from './path';
import { plannedAlongAt } from './timetable-position';
import type { TripRun } from './tracker-state';
import type { PlannedTrip, TransitFix } from './types';

/**
 * Farther than this from the path the fix is off the route. The path
 * is drawn straight from stop to stop, so a bus on a curving road
 * between two distant stops lies well off it; half a kilometre keeps
 * those and still rejects another route a few blocks over.
 */
export const OFF_ROUTE_KM = 0.5;

/** How far a fix may fall behind the last one and still be GPS noise. */
export const BACKTRACK_KM = 0.1;

/** No bus covers ground faster than this between two fixes. */
const TOP_SPEED_KMH = 100;
const SLACK_KM = 0.3;
const HOUR_MS = 3_600_000;

/**
 * Where the fix lies along the run's path, km, or undefined when off
 * it. After the first fix only the stretch the bus can have reached
 * since is searched, which keeps a loop or an out-and-back route from
 * jumping to the stretch that passes the same street the other way.
 * The result never falls behind the previous position.
 */
export function locate(run: TripRun, fix: TransitFix): number | undefined {
  const window = searchWindow(run, fix.t);
  const hit = projectOnPath(run.plan.path, fix, window);
  if (!hit || hit.offsetKm > OFF_ROUTE_KM) return undefined;

  const previous = run.position?.alongKm ?? -Infinity;
  return Math.max(previous, hit.alongKm);
}

function searchWindow(run: TripRun, t: number): SearchWindow {
  const { plan, position } = run;
  if (!position) {
    const expectedKm = plannedAlongAt(plan, t);
    return { fromKm: 0, toKm: plan.path.lengthKm, expectedKm };
  }

  const hours = Math.max(0, t - position.t) / HOUR_MS;
  const from = position.alongKm;
  return {
    fromKm: from - BACKTRACK_KM,
    toKm: from + hours * TOP_SPEED_KMH + SLACK_KM,
    expectedKm: from + hours * plannedSpeedKmh(plan),
  };
}

/** The trip's timetabled average speed. */
function plannedSpeedKmh(plan: PlannedTrip): number {
  const first = plan.stops[0]?.plannedAt ?? 0;
  const last = plan.stops.at(-1)?.plannedAt ?? first;
  const hours = (last - first) / HOUR_MS;
  return hours > 0 ? plan.path.lengthKm / hours : 0;
}
