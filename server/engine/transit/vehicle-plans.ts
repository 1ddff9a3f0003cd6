import type { VehicleClock } from '../clock';
import type { PlanRegistry, RegisteredPlan } from './plan-registry';
import type { TrackerContext, TrackerState } from './tracker';
import { closingEvents } from './trip-events';
import type { PlannedTrip, TransitEvent, TransitFix } from './types';

/** Where a vehicle's planned trips come from. */
export interface PlanSources {
  /** Trips planned through REST, per vehicle; checked first. */
  registry: PlanRegistry;
  /** The fleet's timetable, when it has one. */
  timetable?: TrackerContext;
}

/** A fix readied for the tracker, and what ending a stale run emitted. */
export interface Prepared {
  state: TrackerState;
  fix: TransitFix;
  events: TransitEvent[];
}

/**
 * One vehicle's planned trips as its tracker sees them: the vehicle's
 * REST plan, moved from the device clock onto the physical clock, else
 * the fleet's timetable.
 */
export class VehiclePlans {
  readonly context: TrackerContext;
  /** The REST plan last handed to the tracker, to spot its replacement. */
  private handed: { plan: PlannedTrip; source: RegisteredPlan } | undefined;

  constructor(
    private readonly vehicleId: string,
    private readonly clock: VehicleClock,
    private readonly sources: PlanSources,
  ) {
    const eta = sources.timetable?.eta;
    this.context = {
      lookup: (tripId, t) => this.lookup(tripId, t),
      ...(eta !== undefined && { eta }),
    };
  }

  /**
   * Readies a fix (physical `t`) for the tracker. While the vehicle's
   * REST plan is active, a fix without a trip id, or with one its
   * timetable does not know (a logger's own trip numbers), counts as
   * the plan's trip. A run of a plan since replaced or past its span
   * ends here, so the tracker can take the next.
   */
  prepare(state: TrackerState, fix: TransitFix, deviceTime: number): Prepared {
    const ended = this.endStaleRun(state, deviceTime);
    const tripId = this.tripIdFor(fix, deviceTime);
    const ready = tripId === undefined ? fix : { ...fix, tripId };
    return { ...ended, fix: ready };
  }

  private lookup(tripId: string, t: number): PlannedTrip | undefined {
    const source = this.sources.registry.get(this.vehicleId, this.clock.device(t));
    if (source?.trip.tripId !== tripId) return this.sources.timetable?.lookup(tripId, t);

    const plan = this.onPhysicalClock(source.trip);
    this.handed = { plan, source };
    return plan;
  }

  private tripIdFor(fix: TransitFix, deviceTime: number): string | undefined {
    const active = this.sources.registry.activeAt(this.vehicleId, deviceTime);
    if (!active) return fix.tripId;
    const planned = active.trip.tripId;
    if (fix.tripId === undefined || fix.tripId === planned) return planned;
    const timetabled = this.sources.timetable?.lookup(fix.tripId, fix.t);
    return timetabled ? fix.tripId : planned;
  }

  private endStaleRun(state: TrackerState, deviceTime: number): Omit<Prepared, 'fix'> {
    const run = state.trip;
    const handed = this.handed;
    if (!run || !handed || run.plan !== handed.plan) return { state, events: [] };

    const current = this.sources.registry.get(this.vehicleId, deviceTime);
    const replaced = current?.revision !== handed.source.revision;
    const over = deviceTime > handed.source.activeUntil;
    if (!replaced && !over) return { state, events: [] };

    this.handed = undefined;
    const events = run.finished ? [] : closingEvents(run, 'trip_changed');
    const next: TrackerState = {};
    if (state.lastT !== undefined) next.lastT = state.lastT;
    return { state: next, events };
  }

  /**
   * The plan with its times on this vehicle's physical clock. A replay
   * runs its device clock fast; for a live device both clocks agree.
   */
  private onPhysicalClock(trip: PlannedTrip): PlannedTrip {
    const stops = trip.stops.map((s) => ({
      ...s,
      plannedAt: Math.round(this.clock.physicalOf(s.plannedAt)),
    }));
    return { ...trip, stops };
  }
}
