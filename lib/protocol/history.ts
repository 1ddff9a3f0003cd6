/**
 * What the stored history answers over REST: the trips of a fleet, where
 * every vehicle was at one moment, and the span the store holds.
 * See docs/protocol.md, "Stored history".
 */

/** Most trips one page of `GET /v1/fleets/{id}/trips` answers. */
export const MAX_TRIP_PAGE = 100;
/** Trips answered when `limit` is not given. */
export const DEFAULT_TRIP_PAGE = 20;
/** How far back `positions-at` looks for a vehicle's fix by default. */
export const DEFAULT_LOOKBACK_S = 600;
/** The longest look-back `positions-at` accepts. */
export const MAX_LOOKBACK_S = 3600;

/** One trip as the stored positions know it: a trip id on one vehicle. */
export interface TripSummary {
  trip_id: string;
  vehicle_id: string;
  /** Device time of the first and last stored fix, ISO 8601 UTC. */
  start: string;
  end: string;
  points: number;
  /** Along the stored fixes, metres. */
  distance_m: number;
}

/** `GET /v1/fleets/{id}/trips`. */
export interface TripPage {
  fleet_id: string;
  trips: TripSummary[];
  /** Pass as `offset` for the next page; absent on the last one. */
  next_offset?: number;
}

/** A vehicle's latest stored fix at or before the asked time. */
export interface PositionAt {
  vehicle_id: string;
  label: string;
  /** Device time of the fix, ISO 8601 UTC. */
  t: string;
  lat: number;
  lon: number;
  speed?: number;
  heading?: number;
  trip_id?: string;
}

/** `GET /v1/fleets/{id}/positions-at`. */
export interface PositionsAt {
  fleet_id: string;
  /** The asked time, ISO 8601 UTC. */
  t: string;
  /** How far back a fix was looked for, seconds. */
  lookback_s: number;
  vehicles: PositionAt[];
  /** Vehicles of the fleet with no fix in the look-back window. */
  without_fix: string[];
}

/** `GET /v1/fleets/{id}/history`: the device-time span stored. */
export interface HistorySpan {
  fleet_id: string;
  /** ISO 8601 UTC; both null when nothing is stored. */
  first: string | null;
  last: string | null;
}
