import { distanceMeters } from '../../lib/geo/distance';
import type { Db } from './open';

/** One trip id on one vehicle; times are device epoch ms. */
export interface TripRow {
  trip_id: string;
  vehicle_id: string;
  start: number;
  end: number;
  points: number;
  distance_m: number;
}

export interface TripQuery {
  vehicleId?: string;
  /** Trips with a fix in [from, to], device epoch ms. */
  from?: number;
  to?: number;
  limit: number;
  offset: number;
}

/**
 * A fleet's trips as the stored positions know them, the latest ended
 * first. A trip id two vehicles share counts once per vehicle.
 */
export async function listTrips(
  db: Db,
  fleetId: string,
  q: TripQuery,
): Promise<TripRow[]> {
  let query = db
    .selectFrom('positions as p')
    .innerJoin('vehicles as v', 'v.id', 'p.vehicle_id')
    .select((eb) => [
      'p.vehicle_id',
      eb.fn.min('p.device_time').as('start'),
      eb.fn.max('p.device_time').as('end'),
      eb.fn.countAll<number>().as('points'),
    ])
    .select('p.trip_id')
    .where('v.fleet_id', '=', fleetId)
    .where('p.trip_id', 'is not', null)
    .groupBy(['p.trip_id', 'p.vehicle_id']);
  if (q.vehicleId !== undefined) query = query.where('p.vehicle_id', '=', q.vehicleId);
  if (q.from !== undefined) {
    query = query.having((eb) => eb.fn.max('p.device_time'), '>=', q.from);
  }
  if (q.to !== undefined) {
    query = query.having((eb) => eb.fn.min('p.device_time'), '<=', q.to);
  }
  const rows = await query
    .orderBy('end', 'desc')
    .orderBy('p.trip_id')
    .orderBy('p.vehicle_id')
    .limit(q.limit)
    .offset(q.offset)
    .execute();

  const trips: TripRow[] = [];
  for (const r of rows) {
    const tripId = r.trip_id ?? '';
    trips.push({
      trip_id: tripId,
      vehicle_id: r.vehicle_id,
      start: Number(r.start),
      end: Number(r.end),
      points: Number(r.points),
      distance_m: await tripDistance(db, tripId, r.vehicle_id),
    });
  }
  return trips;
}

/** Metres along a trip's stored fixes, in device-time order. */
async function tripDistance(db: Db, tripId: string, vehicleId: string): Promise<number> {
  const points = await db
    .selectFrom('positions')
    .select(['lat', 'lon'])
    .where('trip_id', '=', tripId)
    .where('vehicle_id', '=', vehicleId)
    .orderBy('device_time')
    .execute();
  let total = 0;
  for (let i = 1; i < points.length; i++) {
    const a = points[i - 1];
    const b = points[i];
    if (a && b) total += distanceMeters(a, b);
  }
  return Math.round(total);
}

/** A vehicle's latest fix in a window; `t` is device epoch ms. */
export interface FixAtRow {
  vehicle_id: string;
  label: string;
  t: number;
  lat: number;
  lon: number;
  speed_kmh: number | null;
  heading: number | null;
  trip_id: string | null;
}

/**
 * Every vehicle of the fleet with its latest fix in [t - lookback, t].
 * Per vehicle this is one seek on positions(vehicle_id, device_time);
 * vehicles without a fix in the window come back with `t` null.
 */
export async function positionsAt(
  db: Db,
  fleetId: string,
  t: number,
  lookbackMs: number,
): Promise<Array<FixAtRow | { vehicle_id: string; t: null }>> {
  const latest = await db
    .selectFrom('vehicles as v')
    .select((eb) => [
      'v.id as vehicle_id',
      'v.label',
      eb
        .selectFrom('positions as q')
        .select((q) => q.fn.max('q.device_time').as('t'))
        .whereRef('q.vehicle_id', '=', 'v.id')
        .where('q.device_time', '<=', t)
        .where('q.device_time', '>=', t - lookbackMs)
        .as('t'),
    ])
    .where('v.fleet_id', '=', fleetId)
    .orderBy('v.id')
    .execute();

  const out: Array<FixAtRow | { vehicle_id: string; t: null }> = [];
  for (const v of latest) {
    if (v.t === null) {
      out.push({ vehicle_id: v.vehicle_id, t: null });
      continue;
    }
    const fix = await db
      .selectFrom('positions')
      .select(['lat', 'lon', 'speed_kmh', 'heading', 'trip_id'])
      .where('vehicle_id', '=', v.vehicle_id)
      .where('device_time', '=', Number(v.t))
      .executeTakeFirst();
    if (fix)
      out.push({ vehicle_id: v.vehicle_id, label: v.label, t: Number(v.t), ...fix });
  }
  return out;
}

/** The device-time span stored for a fleet, epoch ms; null when empty. */
export async function historySpan(
  db: Db,
  fleetId: string,
): Promise<{ first: number; last: number } | null> {
  // Per vehicle, min and max are seeks on positions(vehicle_id, device_time).
  const row = await db
    .selectFrom('vehicles as v')
    .select((eb) => [
      eb.fn
        .min(
          eb
            .selectFrom('positions as q')
            .select((q) => q.fn.min('q.device_time').as('m'))
            .whereRef('q.vehicle_id', '=', 'v.id'),
        )
        .as('first'),
      eb.fn
        .max(
          eb
            .selectFrom('positions as q')
            .select((q) => q.fn.max('q.device_time').as('m'))
            .whereRef('q.vehicle_id', '=', 'v.id'),
        )
        .as('last'),
    ])
    .where('v.fleet_id', '=', fleetId)
    .executeTakeFirst();
  if (!row || row.first === null || row.last === null) return null;
  return { first: Number(row.first), last: Number(row.last) };
}
