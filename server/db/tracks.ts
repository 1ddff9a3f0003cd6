import type { Db } from './open';

/** One stored position as a track needs it; `t` is device epoch ms. */
export interface TrackRow {
  vehicle_id: string;
  t: number;
  lat: number;
  lon: number;
  speed_kmh: number | null;
  heading: number | null;
}

/** A vehicle's positions with device time in [from, to], oldest first. */
export async function vehicleTrack(
  db: Db,
  vehicleId: string,
  window: { from: number; to: number },
  limit: number,
): Promise<TrackRow[]> {
  return db
    .selectFrom('positions')
    .select(['vehicle_id', 'device_time as t', 'lat', 'lon', 'speed_kmh', 'heading'])
    .where('vehicle_id', '=', vehicleId)
    .where('device_time', '>=', window.from)
    .where('device_time', '<=', window.to)
    .orderBy('device_time')
    .limit(limit)
    .execute();
}

/**
 * The positions stored with this trip id, among vehicles of these fleets
 * only, oldest first. Trip ids come from the feeds, so two fleets may
 * share one: the fleet filter keeps another fleet's trip out of sight.
 */
export async function tripTrack(
  db: Db,
  tripId: string,
  fleetIds: readonly string[],
  limit: number,
): Promise<TrackRow[]> {
  if (fleetIds.length === 0) return [];
  return db
    .selectFrom('positions as p')
    .innerJoin('vehicles as v', 'v.id', 'p.vehicle_id')
    .select([
      'p.vehicle_id',
      'p.device_time as t',
      'p.lat',
      'p.lon',
      'p.speed_kmh',
      'p.heading',
    ])
    .where('p.trip_id', '=', tripId)
    .where('v.fleet_id', 'in', fleetIds)
    .orderBy('p.device_time')
    .limit(limit)
    .execute();
}
