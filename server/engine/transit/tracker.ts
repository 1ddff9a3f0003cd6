import { DEFAULT_ETA_PARAMS, predictArrivals, type EtaParams } from './eta';
import { locate } from './locate';
import { routeProgress, vehicleOnTrip } from './progress';
import { passedStops, stopsBehind, type PathPosition } from './stop-passage';
import { closingEvents, tripStarted, waypointReached } from './trip-events';
import { judgeFix, type FixVerdict } from './trip-check';
import { startRun, type TrackerState, type TripRun } from './tracker-state';
import type { TransitEvent, TransitFix, TripLookup } from './types';

export type { TrackerState } from './tracker-state';

export interface TrackerContext {
  lookup: TripLookup;
  /** Defaults to DEFAULT_ETA_PARAMS. */
  eta?: EtaParams;
}

export interface StepResult {
  state: TrackerState;
  events: TransitEvent[];
}

/**
 * Follows one vehicle through its trips, one fix at a time, in time
 * order. A fix no newer than the last one taken is dropped: events have
 * gone out for that moment already, and taking it would repeat or
 * reorder them. The state passed in is never changed.
 */
export function step(
  state: TrackerState,
  fix: TransitFix,
  context: TrackerContext,
): StepResult {
  if (state.lastT !== undefined && fix.t <= state.lastT) {
    return { state, events: [] };
  }

  const events: TransitEvent[] = [];
  let run = state.trip;

  if (fix.tripId !== undefined && fix.tripId !== run?.plan.tripId) {
    if (run && !run.finished) events.push(...closingEvents(run, 'trip_changed'));
    const plan = context.lookup(fix.tripId, fix.t);
    run = plan ? startRun(plan, fix.t) : undefined;
    if (run) events.push(tripStarted(run));
  }
  if (run && !run.finished) run = advance(run, fix, context, events);

  const next: TrackerState = { lastT: fix.t };
  if (run) next.trip = run;
  return { state: next, events };
}

function advance(
  prev: TripRun,
  fix: TransitFix,
  context: TrackerContext,
  events: TransitEvent[],
): TripRun {
  const run: TripRun = { ...prev, lastFixAt: fix.t, pending: [...prev.pending] };
  if (fix.speedKmh !== undefined) run.speedKmh = fix.speedKmh;

  const alongKm = locate(prev, fix);
  noteVerdict(run, judgeFix(run.plan, fix.t, alongKm), events);
  if (alongKm === undefined) return run;

  const here: PathPosition = { t: fix.t, alongKm };
  const reached = moveTo(run, here);
  const params = context.eta ?? DEFAULT_ETA_PARAMS;
  const done = run.nextStop >= run.plan.stops.length;
  const etas = done ? [] : predictArrivals(run.plan, vehicleOnTrip(run, fix.t), params);

  const waypoints = reached.flatMap((p) => waypointReached(run, p, etas.at(-1)) ?? []);
  if (run.check === 'confirmed') events.push(...waypoints);
  else run.pending.push(...waypoints);

  if (done) {
    run.finished = true;
    events.push(...closingEvents(run, 'last_stop'));
  } else if (run.check === 'confirmed') {
    events.push(routeProgress(run, fix.t, etas));
  }
  return run;
}

/**
 * Moves the run to `here` and returns the stops passed on the way. On
 * the first fix on the path the stops already behind the vehicle were
 * passed unseen: they count as completed but get no waypoint.
 */
function moveTo(run: TripRun, here: PathPosition): ReturnType<typeof passedStops> {
  const from = run.position;
  run.position = here;

  if (!from) {
    run.firstKm = here.alongKm;
    run.nextStop += stopsBehind(run.plan, run.nextStop, here.alongKm);
    return [];
  }

  const passed = passedStops(run.plan, run.nextStop, from, here);
  const last = passed.at(-1);
  if (last) {
    run.nextStop = last.index + 1;
    run.lastPassed = last;
  }
  return passed;
}

function noteVerdict(run: TripRun, verdict: FixVerdict, events: TransitEvent[]): void {
  if (verdict.kind === 'neutral' || run.check === 'confirmed') return;

  if (verdict.kind === 'agrees') {
    run.check = 'confirmed';
    events.push(...run.pending);
    run.pending = [];
    return;
  }

  run.contradictions += 1;
  if (!verdict.offRoute) run.reason = 'off_schedule';
  else run.reason ??= 'off_route';
  if (verdict.deviationMs !== undefined) {
    const size = Math.abs(verdict.deviationMs);
    run.closestMs = Math.min(run.closestMs ?? Infinity, size);
  }
}
