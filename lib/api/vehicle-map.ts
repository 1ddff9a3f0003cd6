import type { TrailPoint } from '../map/trail';
import type { TripRouteResponse } from '../protocol/trip-route';
import { callApi, segment } from './client';

/** A stop of a vehicle's planned trip, in our own words. */
export interface RouteStop {
  id: string;
  name: string;
  lat: number;
  lon: number;
  /** Planned arrival, device epoch ms. */
  plannedAt: number;
}

/** The planned trip a vehicle is on, as the map draws it. */
export interface TripRoute {
  vehicleId: string;
  tripId: string;
  stops: RouteStop[];
  /** Index of the next stop to pass; stops.length once all are passed. */
  nextStop: number;
  /** [longitude, latitude] pairs in travel order. */
  path: Array<[number, number]>;
}

interface TrackBody {
  points: Array<{ t: string; lat: number; lon: number }>;
}

/** Where a vehicle went between two device times, oldest first. */
export async function fetchTrack(
  key: string,
  vehicleId: string,
  window: { from: number; to: number },
  signal?: AbortSignal,
): Promise<TrailPoint[]> {
  const query = new URLSearchParams({
    from: new Date(window.from).toISOString(),
    to: new Date(window.to).toISOString(),
  });
  const path = `/v1/vehicles/${segment(vehicleId)}/track?${query}`;
  const body = await callApi<TrackBody>(key, path, signal ? { signal } : {});
  return body.points.map((p) => ({ t: Date.parse(p.t), lat: p.lat, lon: p.lon }));
}

/** The vehicle's planned trip; rejects with `not_found` when it has none. */
export async function fetchTripRoute(
  key: string,
  vehicleId: string,
  signal?: AbortSignal,
): Promise<TripRoute> {
  const path = `/v1/vehicles/${segment(vehicleId)}/trip`;
  const body = await callApi<TripRouteResponse>(key, path, signal ? { signal } : {});
  return {
    vehicleId: body.vehicle_id,
    tripId: body.trip_id,
    nextStop: body.next_stop,
    path: body.path,
    stops: body.stops.map((s) => ({
      id: s.stop_id,
      name: s.name,
      lat: s.latitude,
      lon: s.longitude,
      plannedAt: Date.parse(s.planned_time),
    })),
  };
}
