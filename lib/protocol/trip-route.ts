/**
 * The answer of `GET /v1/vehicles/{vehicle_id}/trip`: the trip the engine
 * follows the vehicle on, timetabled or planned through REST, as a map
 * draws it. Times are ISO 8601 UTC on the device clock, as on the wire.
 */
export interface TripRouteResponse {
  vehicle_id: string;
  fleet_id: string;
  trip_id: string;
  /** Where the trip comes from: the fleet's timetable or a REST plan. */
  source: 'timetable' | 'plan';
  /**
   * Index into `stops` of the next stop to pass; `stops.length` once the
   * vehicle has passed them all.
   */
  next_stop: number;
  stops: TripRouteStop[];
  /**
   * The planned path, [longitude, latitude] pairs in travel order. The
   * engine measures progress along it: straight from stop to stop.
   */
  path: Array<[number, number]>;
}

export interface TripRouteStop {
  stop_id: string;
  name: string;
  latitude: number;
  longitude: number;
  planned_time: string;
}
