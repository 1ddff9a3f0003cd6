import { buildPath } from './path';
import { serviceTimeToEpoch } from './service-clock';
import type { PlannedStop, PlannedTrip } from './types';

/** One timetable row: a trip's arrival at a stop. */
export interface StopTime {
  /** Seconds into the service day; may pass 86,400. */
  arrival: number;
  stopId: string;
}

export interface StopInfo {
  name: string;
  lat: number;
  lon: number;
}

/**
 * One trip's run on one service date: its stops in arrival order with
 * planned instants and distance along a path drawn through them. Stops
 * the stop list does not know are left out; undefined when fewer than
 * two remain, since a trip needs somewhere to go.
 */
export function buildPlannedTrip(
  tripId: string,
  serviceDate: string,
  times: readonly StopTime[],
  stopInfo: ReadonlyMap<string, StopInfo>,
): PlannedTrip | undefined {
  const ordered = [...times].sort((a, b) => a.arrival - b.arrival);
  const known = ordered.flatMap((time) => {
    const info = stopInfo.get(time.stopId);
    return info ? [{ time, info }] : [];
  });
  if (known.length < 2) return undefined;

  const path = buildPath(known.map(({ info }) => info));
  const stops = known.map(({ time, info }, i): PlannedStop => ({
    stopId: time.stopId,
    name: info.name,
    lat: info.lat,
    lon: info.lon,
    plannedAt: serviceTimeToEpoch(serviceDate, time.arrival),
    alongKm: path.cumKm[i] ?? 0,
    timepoint: time.arrival % 60 === 0,
  }));
  return { tripId, serviceDate, stops, path };
}

/** Every trip in `schedule` run on each of the service dates. */
export function buildPlannedTrips(
  schedule: ReadonlyMap<string, readonly StopTime[]>,
  stopInfo: ReadonlyMap<string, StopInfo>,
  serviceDates: readonly string[],
): PlannedTrip[] {
  const trips: PlannedTrip[] = [];
  for (const date of serviceDates) {
    for (const [tripId, times] of schedule) {
      const trip = buildPlannedTrip(tripId, date, times, stopInfo);
      if (trip) trips.push(trip);
    }
  }
  return trips;
}
