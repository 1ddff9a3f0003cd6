import path from 'node:path';
import { columnIndex, readCsv } from './csv';
import type { StopTime } from '../engine/transit/planned-trips';
import { parseServiceTime } from './service-time';

export const SCHEDULE_FILE = 'capmetro-austin-avl/schedule_20160821_20170121.csv.gz';

export type { StopTime };

/**
 * Stop times by trip id, each list in file order; rows with an unreadable
 * time are dropped. With `wanted`, other trips are skipped early, which
 * keeps the 413k-row file cheap to scan. The one reader of the timetable
 * format, for the basemap and the engine alike.
 */
export async function readScheduleFile(
  file: string,
  wanted?: ReadonlySet<string>,
): Promise<Map<string, StopTime[]>> {
  const csv = await readCsv(file);
  const names = ['trip_id', 'arrival_time', 'stop_id'] as const;
  const col = columnIndex(csv, names, file);

  const trips = new Map<string, StopTime[]>();
  for (const row of csv.rows) {
    const tripId = row[col.trip_id];
    const stopId = row[col.stop_id];
    if (!tripId || !stopId || (wanted && !wanted.has(tripId))) continue;
    const arrival = parseServiceTime(row[col.arrival_time] ?? '');
    if (Number.isNaN(arrival)) continue;
    const list = trips.get(tripId);
    if (list) list.push({ arrival, stopId });
    else trips.set(tripId, [{ arrival, stopId }]);
  }
  return trips;
}

/** The stop times of the wanted trips in the shipped timetable, each ordered by arrival. */
export async function readStopTimes(
  dataDir: string,
  wanted: ReadonlySet<string>,
): Promise<Map<string, StopTime[]>> {
  const trips = await readScheduleFile(path.join(dataDir, SCHEDULE_FILE), wanted);
  // Sort is stable, so stops sharing a minute keep the file's order.
  for (const times of trips.values()) {
    times.sort((a, b) => a.arrival - b.arrival);
  }
  return trips;
}
