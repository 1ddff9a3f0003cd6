import { trackDay, type ObservedRun } from '../transit/day-tracking';
import {
  buildPlannedTrips,
  type StopInfo,
  type StopTime,
} from '../transit/planned-trips';
import { addDays } from '../transit/service-clock';
import { makeTripLookup } from '../transit/trip-lookup';
import type { TransitFix } from '../transit/types';
import {
  readDayFixes,
  readStopInfo,
  readStopTimes,
  type RecordedDay,
  type Timetable,
} from './eta-inputs';

/**
 * Runs the transit tracker over recorded days. Each timetable is read
 * once however many days share it, and only the trips a day's feed
 * names are planned, which keeps a day to about a second.
 */

/** Tracks every day once; runs by date. */
export async function trackRecordedDays(
  days: readonly RecordedDay[],
): Promise<Map<string, ObservedRun[]>> {
  const timetables = new Map<Timetable, Promise<LoadedTimetable>>();
  const byDate = new Map<string, ObservedRun[]>();

  for (const day of days) {
    let loading = timetables.get(day.timetable);
    if (!loading) {
      loading = loadTimetable(day.timetable);
      timetables.set(day.timetable, loading);
    }
    const { times, stops } = await loading;
    const fixes = readDayFixes(day.positions);
    const schedule = onlyTrips(times, tripIdsIn(fixes));
    // A trip past midnight belongs to the previous service date.
    const dates = [addDays(day.date, -1), day.date];
    const lookup = makeTripLookup(buildPlannedTrips(schedule, stops, dates));
    byDate.set(day.date, trackDay(fixes, { lookup }).runs);
  }
  return byDate;
}

interface LoadedTimetable {
  times: Map<string, StopTime[]>;
  stops: Map<string, StopInfo>;
}

async function loadTimetable(t: Timetable): Promise<LoadedTimetable> {
  const [times, stops] = await Promise.all([
    readStopTimes(t.schedule),
    readStopInfo(t.stops),
  ]);
  return { times, stops };
}

function tripIdsIn(fixes: ReadonlyMap<string, readonly TransitFix[]>): Set<string> {
  const ids = new Set<string>();
  for (const list of fixes.values()) {
    for (const fix of list) if (fix.tripId !== undefined) ids.add(fix.tripId);
  }
  return ids;
}

function onlyTrips<V>(
  all: ReadonlyMap<string, V>,
  wanted: ReadonlySet<string>,
): Map<string, V> {
  const kept = new Map<string, V>();
  for (const id of wanted) {
    const value = all.get(id);
    if (value !== undefined) kept.set(id, value);
  }
  return kept;
}
