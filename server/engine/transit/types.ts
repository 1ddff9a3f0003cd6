import type { LatLon } from '../../../lib/geo/distance';

/**
 * The transit engine's own vocabulary. Planned trips come from the
 * timetable; events come out of the per-vehicle tracker. Times are epoch
 * ms, distances km. The lead maps events onto the Bookovia payloads in
 * lib/protocol/events.ts at the edge.
 */

/** A polyline with the distance along it at each vertex. */
export interface TripPath {
  points: LatLon[];
  /** Cumulative km at each point; starts at 0, never decreases. */
  cumKm: number[];
  lengthKm: number;
}

/** What happens at a stop; a timetable's stops are all plain stops. */
export type StopActivity = 'pickup' | 'delivery' | 'stop' | 'service';

export interface PlannedStop {
  stopId: string;
  name: string;
  lat: number;
  lon: number;
  /** Planned arrival, epoch ms. */
  plannedAt: number;
  /** Distance along the trip's path, km. */
  alongKm: number;
  /**
   * The timetable gives a whole minute here. CapMetro interpolates the
   * seconds of every other stop, so whole minutes mark its timepoints,
   * where a bus that is early waits instead of leaving.
   */
  timepoint: boolean;
  /** Absent means 'stop'. */
  activityType?: StopActivity;
}

/** One run of a scheduled trip on one service date. */
export interface PlannedTrip {
  tripId: string;
  /** The service date, YYYY-MM-DD in the agency's zone. */
  serviceDate: string;
  /** In travel order; at least two. */
  stops: PlannedStop[];
  /** Through the stops in order: path.points[i] is stops[i]. */
  path: TripPath;
}

/** Finds the planned run of a trip id nearest to a moment. */
export type TripLookup = (tripId: string, t: number) => PlannedTrip | undefined;

/** One position of one vehicle, on the physical clock. */
export interface TransitFix {
  t: number;
  lat: number;
  lon: number;
  speedKmh?: number;
  tripId?: string;
}

export interface TripStarted {
  kind: 'trip_started';
  tripId: string;
  serviceDate: string;
  at: number;
}

export interface WaypointReached {
  kind: 'waypoint_reached';
  tripId: string;
  stopIndex: number;
  stopId: string;
  name: string;
  lat: number;
  lon: number;
  /** Interpolated between the fixes on either side of the stop. */
  arrivalAt: number;
  plannedAt: number;
  /** round((arrival − planned) / 1 min); positive is late. */
  delayMinutes: number;
  activityType: StopActivity;
  completedStops: number;
  remainingStops: number;
  /** Predicted arrival at the last stop; absent once it is reached. */
  updatedEta?: number;
}

export type CompletionReason = 'last_stop' | 'trip_changed';

export interface TripCompleted {
  kind: 'trip_completed';
  tripId: string;
  at: number;
  startedAt: number;
  /** Distance advanced along the trip's path while tracked. */
  distanceKm: number;
  durationS: number;
  reason: CompletionReason;
  /** The trip was judged a data error; see TripDataError. */
  dataError: boolean;
}

export type DataErrorReason = 'off_schedule' | 'off_route';

/**
 * The feed put the vehicle on a trip its timetable contradicts by more
 * than the limit on every fix. No waypoint or progress went out for it.
 */
export interface TripDataError {
  kind: 'trip_data_error';
  tripId: string;
  serviceDate: string;
  at: number;
  reason: DataErrorReason;
  /** Smallest |deviation| from the timetable seen, minutes. */
  closestMinutes?: number;
}

export interface RouteProgress {
  kind: 'route_progress';
  tripId: string;
  at: number;
  distanceCompletedKm: number;
  distanceRemainingKm: number;
  /** 0–100, one decimal. */
  completionPercentage: number;
  completedStops: number;
  remainingStops: number;
  nextStopId?: string;
  nextStopName?: string;
  /** Predicted arrival at the last stop. */
  eta?: number;
  nextStopEta?: number;
  /** Where the vehicle is against where the timetable puts it. */
  delayMinutes: number;
}

export type TransitEvent =
  TripStarted | WaypointReached | TripCompleted | TripDataError | RouteProgress;
