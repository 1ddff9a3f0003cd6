import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { columnIndex, readCsv } from './csv';

export const POSITIONS_DIR = 'capmetro-austin-avl/vehicle_positions';

/** What a recorded trip tells us that the schedule does not. */
export interface TripRoute {
  routeId: string;
  headsign: string;
}

/**
 * Maps trip_id to its route and headsign, from every recorded day in
 * the positions folder. The schedule has no route column, so this join
 * is the only way to name a scheduled trip's route. The first row seen
 * for a trip wins.
 */
export async function readTripRoutes(dataDir: string): Promise<Map<string, TripRoute>> {
  const dir = path.join(dataDir, POSITIONS_DIR);
  const names = (await readdir(dir)).filter((n) => n.endsWith('.csv')).sort();

  const trips = new Map<string, TripRoute>();
  for (const name of names) {
    await addTripsFrom(path.join(dir, name), trips);
  }
  return trips;
}

async function addTripsFrom(file: string, trips: Map<string, TripRoute>): Promise<void> {
  const csv = await readCsv(file);
  const names = ['route_id', 'trip_id', 'trip_headsign'] as const;
  const col = columnIndex(csv, names, file);

  for (const row of csv.rows) {
    const tripId = row[col.trip_id];
    const routeId = row[col.route_id];
    if (!tripId || !routeId || trips.has(tripId)) continue;
    trips.set(tripId, { routeId, headsign: row[col.trip_headsign] ?? '' });
  }
}
