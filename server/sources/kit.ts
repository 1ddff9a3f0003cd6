import { readdirSync } from 'node:fs';
import path from 'node:path';
import type { Sample } from '../engine/sample';
import { readCsvFile, type Csv } from './csv';
import type { RejectedRow } from './recording';

/**
 * Drives of one Seat León from the KIT Automotive OBD-II Dataset
 * (shared/data/PROVENANCE.md §3). Each row refreshes one PID and carries
 * the others forward; rows are kept as they are, because telling a fresh
 * reading from a carried one is the speed series' job, not the loader's.
 * The quirks handled here: the 2017 headers spell `°C` as double-encoded
 * UTF-8 (`Â°C`), two files end lines in CRLF, the first rows have empty
 * cells until every PID has been read once, and the date lives only in
 * the file name while `Time` is the Europe/Berlin time of day.
 */
export interface KitDrive {
  /** The file name without `.csv`, e.g. `2017-08-07_Seat_Leon_RT_KA_Frei`. */
  id: string;
  /** Local date from the file name, `YYYY-MM-DD`. */
  date: string;
  /** One sample per row, time in epoch ms UTC. */
  samples: Sample[];
  rejected: RejectedRow<KitRejectReason>[];
}

export type KitRejectReason = 'wrong-field-count' | 'bad-time' | 'time-backwards';

export const KIT_FOLDER = 'kit-obd2-seat-leon';

/** Every drive in a folder, in file-name (so date) order. */
export function loadKitDrives(dir: string): KitDrive[] {
  return readdirSync(dir)
    .filter((name) => name.endsWith('.csv'))
    .sort()
    .map((name) => loadKitDrive(path.join(dir, name)));
}

export function loadKitDrive(file: string): KitDrive {
  const id = path.basename(file, '.csv');
  const date = /^(\d{4})-(\d{2})-(\d{2})_/.exec(id);
  if (!date) throw new Error(`${file}: no YYYY-MM-DD_ date at the start of the name`);
  const midnight = Date.UTC(Number(date[1]), Number(date[2]) - 1, Number(date[3]));

  const csv = readCsvFile(file);
  const { samples, rejected } = readRows(csv, file, midnight);
  return { id, date: date[0].slice(0, 10), samples, rejected };
}

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;

const COLUMNS = {
  time: 'Time',
  speed: 'Vehicle Speed Sensor [km/h]',
  rpm: 'Engine RPM [RPM]',
  coolant: 'Engine Coolant Temperature [°C]',
} as const;

type Key = keyof typeof COLUMNS;

interface ReadRows {
  samples: Sample[];
  rejected: RejectedRow<KitRejectReason>[];
}

function readRows(csv: Csv, file: string, midnight: number): ReadRows {
  const col = indexColumns(csv.header, file);
  const clock = createClock(midnight);
  const samples: Sample[] = [];
  const rejected: RejectedRow<KitRejectReason>[] = [];

  csv.rows.forEach((fields, i) => {
    const reject = (reason: KitRejectReason) => rejected.push({ row: i + 1, reason });
    if (fields.length !== csv.header.length) return reject('wrong-field-count');

    const t = clock(fields[col.time]?.trim() ?? '');
    if (typeof t === 'string') return reject(t);
    samples.push(toSample(t, fields, col));
  });

  return { samples, rejected };
}

function indexColumns(header: string[], file: string): Record<Key, number> {
  const names = header.map(repairMojibake);
  const index = {} as Record<Key, number>;
  for (const key of Object.keys(COLUMNS) as Key[]) {
    const i = names.indexOf(COLUMNS[key]);
    if (i === -1) throw new Error(`${file}: missing column "${COLUMNS[key]}"`);
    index[key] = i;
  }
  return index;
}

/**
 * `°` written as UTF-8, read back as Latin-1 and written as UTF-8 again
 * becomes `Â°`; the 2017 files have it, the 2018 files do not.
 */
function repairMojibake(name: string): string {
  return name.trim().replaceAll('Â°', '°');
}

function toSample(t: number, fields: string[], col: Record<Key, number>): Sample {
  const num = (k: Key): number => {
    const text = fields[col[k]]?.trim() ?? '';
    return text === '' ? NaN : Number(text);
  };
  const sample: Sample = { t };
  // Empty before the PID's first read: missing, not zero.
  const speed = num('speed');
  if (Number.isFinite(speed) && speed >= 0) sample.speedKmh = speed;
  const rpm = num('rpm');
  if (Number.isFinite(rpm) && rpm >= 0) sample.engineRpm = rpm;
  const coolant = num('coolant');
  if (Number.isFinite(coolant)) sample.engineTemp = coolant;
  return sample;
}

type Clock = (text: string) => number | 'bad-time' | 'time-backwards';

/**
 * Reads `HH:MM:SS.mmm` on the Berlin wall clock of the file's date. A
 * drive past midnight wraps to the next day. Each row is converted on its
 * own, so a drive across a DST change keeps true elapsed time. In autumn
 * the clock runs 02:00–03:00 twice: a row there takes the earliest
 * reading not before the previous row, so the first run comes first and
 * the rows after the clock goes back land on the second.
 */
function createClock(midnight: number): Clock {
  let day = midnight;
  let lastWall = -Infinity;
  let lastUtc = -Infinity;

  return (text) => {
    const ms = timeOfDayMs(text);
    if (ms === undefined) return 'bad-time';
    if (day + ms < lastWall - DAY_MS / 2) day += DAY_MS;
    const wall = day + ms;

    const utc = berlinToUtc(wall).find((u) => u >= lastUtc);
    if (utc === undefined) return 'time-backwards';
    lastWall = wall;
    lastUtc = utc;
    return utc;
  };
}

/**
 * Every UTC instant the Berlin wall clock shows `wall` at (encoded as if
 * it were UTC), earliest first: one most of the year, two in the repeated
 * autumn hour. Berlin is UTC+2 in summer and UTC+1 otherwise; a time in
 * the skipped spring hour, which no clock shows, is read as UTC+1.
 */
function berlinToUtc(wall: number): number[] {
  const both = [wall - 2 * HOUR_MS, wall - HOUR_MS];
  const real = both.filter((utc) => utc + berlinOffsetMs(utc) === wall);
  return real.length > 0 ? real : [wall - HOUR_MS];
}

const offsetFormat = new Intl.DateTimeFormat('en-US', {
  timeZone: 'Europe/Berlin',
  timeZoneName: 'longOffset',
});

// Berlin changes offset only on a whole UTC hour (01:00 UTC), so one
// lookup per hour serves every row in it; Intl is slow per row.
const offsetsByHour = new Map<number, number>();

function berlinOffsetMs(utc: number): number {
  const hour = Math.floor(utc / HOUR_MS);
  let offset = offsetsByHour.get(hour);
  if (offset === undefined) {
    offset = readOffset(hour * HOUR_MS);
    offsetsByHour.set(hour, offset);
  }
  return offset;
}

function readOffset(utc: number): number {
  const name = offsetFormat.formatToParts(utc).find((p) => p.type === 'timeZoneName');
  const m = /^GMT([+-])(\d\d):(\d\d)$/.exec(name?.value ?? '');
  if (!m) throw new Error(`Cannot read the Berlin UTC offset: ${name?.value}`);
  const minutes = Number(m[2]) * 60 + Number(m[3]);
  return (m[1] === '-' ? -1 : 1) * minutes * 60_000;
}

function timeOfDayMs(text: string): number | undefined {
  const m = /^(\d{1,2}):(\d{2}):(\d{2}(?:\.\d{1,3})?)$/.exec(text);
  if (!m) return undefined;
  const [h, min, s] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (h > 23 || min > 59 || s >= 60) return undefined;
  return Math.round(((h * 60 + min) * 60 + s) * 1000);
}
