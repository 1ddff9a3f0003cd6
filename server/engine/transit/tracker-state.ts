import type { Passage, PathPosition } from './stop-passage';
import type { DataErrorReason, PlannedTrip, WaypointReached } from './types';

/** The tracker's memory of one vehicle between fixes. */
export interface TrackerState {
  /** The newest fix time taken; older or equal fixes are dropped. */
  lastT?: number;
  trip?: TripRun;
}

/** How far the feed's trip assignment has been borne out. */
export type TripCheck = 'unproven' | 'confirmed';

/** One trip as the vehicle runs it. */
export interface TripRun {
  plan: PlannedTrip;
  startedAt: number;
  /** The newest fix time on this trip, on the path or off it. */
  lastFixAt: number;
  /** The newest fix that lay on the path. */
  position?: PathPosition;
  /** The first place on the path the vehicle was seen. */
  firstKm?: number;
  /** Index of the next stop to pass; stops.length once all are. */
  nextStop: number;
  lastPassed?: Passage;
  /** The last reported speed, km/h. */
  speedKmh?: number;
  check: TripCheck;
  /** Fixes that contradicted the timetable, and how. */
  contradictions: number;
  reason?: DataErrorReason;
  closestMs?: number;
  /** Waypoints held back until the trip is confirmed. */
  pending: WaypointReached[];
  finished: boolean;
}

export function startRun(plan: PlannedTrip, t: number): TripRun {
  return {
    plan,
    startedAt: t,
    lastFixAt: t,
    nextStop: 0,
    check: 'unproven',
    contradictions: 0,
    pending: [],
    finished: false,
  };
}

/** A data error: contradicted, and never once borne out. */
export function isDataError(run: TripRun): boolean {
  return run.check === 'unproven' && run.contradictions > 0;
}
