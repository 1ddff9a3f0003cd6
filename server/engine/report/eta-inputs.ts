import { existsSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { columnIndex, readCsv } from '../../map/csv';
import { readScheduleFile } from '../../map/austin-schedule';
import { loadAustinDay } from '../../sources/austin';
import type { StopInfo, StopTime } from '../transit/planned-trips';
import type { TransitFix } from '../transit/types';

/**
 * Finds and reads the recorded CapMetro days and the timetables that
 * cover them. A data folder is either the one holding
 * `capmetro-austin-avl/` or that folder itself; each holds
 * `vehicle_positions/YYYY-MM-DD.csv`, and may hold a timetable
 * `schedule_FROM_TO.csv.gz` with its `stops_FROM_TO.csv`, dates as
 * YYYYMMDD (shared/data/PROVENANCE.md §1).
 */

export interface Timetable {
  schedule: string;
  stops: string;
  /** First and last service date covered, YYYY-MM-DD. */
  from: string;
  to: string;
}

export interface RecordedDay {
  date: string;
  positions: string;
  /** The timetable covering the date, from any of the folders. */
  timetable: Timetable;
}

export interface FoundDays {
  days: RecordedDay[];
  /** Dates with positions but no timetable: they cannot be evaluated. */
  unscheduled: string[];
}

const AUSTIN_DIR = 'capmetro-austin-avl';
const POSITIONS_DIR = 'vehicle_positions';
const DAY_FILE = /^(\d{4}-\d\d-\d\d)\.csv$/;
const SCHEDULE_FILE = /^schedule_(\d{8})_(\d{8})\.csv\.gz$/;

export async function findRecordedDays(dataDirs: readonly string[]): Promise<FoundDays> {
  const folders = dataDirs.map(austinFolder);
  const timetables = (await Promise.all(folders.map(findTimetables))).flat();
  const found: FoundDays = { days: [], unscheduled: [] };

  for (const folder of folders) {
    for (const [date, positions] of await findPositions(folder)) {
      const timetable = timetables.find((t) => t.from <= date && date <= t.to);
      if (timetable) found.days.push({ date, positions, timetable });
      else found.unscheduled.push(date);
    }
  }
  found.days.sort((a, b) => a.date.localeCompare(b.date));
  return found;
}

/** Each vehicle's fixes in time order, on the physical clock. */
export function readDayFixes(positions: string): Map<string, TransitFix[]> {
  const byVehicle = new Map<string, TransitFix[]>();
  for (const { recordedTime, fix } of loadAustinDay(positions).fixes) {
    const transit: TransitFix = { t: recordedTime, lat: fix.lat, lon: fix.lon };
    if (fix.speedKmh !== undefined) transit.speedKmh = fix.speedKmh;
    if (fix.tripId !== undefined) transit.tripId = fix.tripId;
    const list = byVehicle.get(fix.vehicleId);
    if (list) list.push(transit);
    else byVehicle.set(fix.vehicleId, [transit]);
  }
  for (const list of byVehicle.values()) list.sort((a, b) => a.t - b.t);
  return byVehicle;
}

/** Stop times by trip id, each in file order; unreadable times dropped. */
export function readStopTimes(file: string): Promise<Map<string, StopTime[]>> {
  return readScheduleFile(file);
}

/** Stops with a usable position, by id. */
export async function readStopInfo(file: string): Promise<Map<string, StopInfo>> {
  const csv = await readCsv(file);
  const names = ['stop_id', 'stop_name', 'stop_lat', 'stop_lon'] as const;
  const col = columnIndex(csv, names, file);

  const stops = new Map<string, StopInfo>();
  for (const row of csv.rows) {
    const id = row[col.stop_id];
    const lat = Number(row[col.stop_lat]);
    const lon = Number(row[col.stop_lon]);
    if (!id || !Number.isFinite(lat) || !Number.isFinite(lon)) continue;
    if (lat === 0 && lon === 0) continue;
    stops.set(id, { name: row[col.stop_name] ?? '', lat, lon });
  }
  return stops;
}

function austinFolder(dataDir: string): string {
  const nested = path.join(dataDir, AUSTIN_DIR);
  return existsSync(nested) ? nested : dataDir;
}

async function findTimetables(folder: string): Promise<Timetable[]> {
  const names = await listFiles(folder);
  return names.flatMap((name) => {
    const match = SCHEDULE_FILE.exec(name);
    if (!match) return [];
    const [, from = '', to = ''] = match;
    const stops = `stops_${from}_${to}.csv`;
    if (!names.includes(stops)) return [];
    return [
      {
        schedule: path.join(folder, name),
        stops: path.join(folder, stops),
        from: dashed(from),
        to: dashed(to),
      },
    ];
  });
}

async function findPositions(folder: string): Promise<[string, string][]> {
  const dir = path.join(folder, POSITIONS_DIR);
  const names = await listFiles(dir);
  return names.flatMap((name) => {
    const date = DAY_FILE.exec(name)?.[1];
    return date ? [[date, path.join(dir, name)] as [string, string]] : [];
  });
}

async function listFiles(dir: string): Promise<string[]> {
  if (!existsSync(dir)) return [];
  return (await readdir(dir)).sort();
}

function dashed(yyyymmdd: string): string {
  return `${yyyymmdd.slice(0, 4)}-${yyyymmdd.slice(4, 6)}-${yyyymmdd.slice(6)}`;
}
