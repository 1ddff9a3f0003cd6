import path from 'node:path';
import { columnIndex, readCsv } from './csv';
import { parseServiceTime } from './service-time';

export const SCHEDULE_FILE = 'capmetro-austin-avl/schedule_20160821_20170121.csv.gz';

export interface StopTime {
  /** Seconds since the start of the service day; may pass 86,400. */
  arrival: number;
  stopId: string;
}

/**
 * Reads the stop times of the wanted trips, each list ordered by
 * arrival. Rows with an unreadable time are dropped. Other trips are
 * skipped early, which keeps the 413k-row file cheap to scan.
 */
export async function readStopTimes(
  dataDir: string,
  wanted: ReadonlySet<string>,
): Promise<Map<string, StopTime[]>> {
  const file = path.join(dataDir, SCHEDULE_FILE);
  const csv = await readCsv(file);
  const names = ['trip_id', 'arrival_time', 'stop_id'] as const;
  const col = columnIndex(csv, names, file);

  const trips = new Map<string, StopTime[]>();
  for (const row of csv.rows) {
    const tripId = row[col.trip_id];
    const stopId = row[col.stop_id];
    if (!tripId || !stopId || !wanted.has(tripId)) continue;
    const arrival = parseServiceTime(row[col.arrival_time] ?? '');
    if (Number.isNaN(arrival)) continue;
    appendTo(trips, tripId, { arrival, stopId });
  }

  // Sort is stable, so stops sharing a minute keep the file's order.
  for (const times of trips.values()) {
    times.sort((a, b) => a.arrival - b.arrival);
  }
  return trips;
}

function appendTo<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
