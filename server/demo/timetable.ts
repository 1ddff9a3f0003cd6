import path from 'node:path';
import { readStopInfo, readStopTimes } from '../engine/report/eta-inputs';
import { addDays } from '../engine/transit/service-clock';
import { lazyTripLookup } from '../engine/transit/trip-lookup';
import type { TripLookup } from '../engine/transit/types';

/** ETA parameters learned by `npm run engine:report` from the shipped days. */
export const ETA_PARAMS_FILE = 'eta-params.json';

const SCHEDULE = 'capmetro-austin-avl/schedule_20160821_20170121.csv.gz';
const STOPS = 'capmetro-austin-avl/stops_20160821_20170121.csv';

/**
 * The Austin timetable for the replayed day, as a trip lookup. The day
 * before is included: a trip after midnight belongs to the previous
 * service date (GTFS times past 24:00).
 */
export async function austinTimetable(dataDir: string, day: string): Promise<TripLookup> {
  const [times, stops] = await Promise.all([
    readStopTimes(path.join(dataDir, SCHEDULE)),
    readStopInfo(path.join(dataDir, STOPS)),
  ]);
  return lazyTripLookup(times, stops, [addDays(day, -1), day]);
}
