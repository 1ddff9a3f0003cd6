import { msToKmh, round } from '../../lib/geo/units';
import { readCsvFile } from './csv';
import {
  makeRecording,
  type FleetInfo,
  type RecordedFix,
  type Recording,
  type RejectedRow,
  type VehicleInfo,
} from './recording';

// busiestTime works on any recording; it is offered here too because the
// Austin demo is what picks its start with it.
export { busiestTime, busiestWindow } from './recording';

/**
 * Capital Metro bus positions as CapMetrics recorded them, one CSV per day
 * (shared/data/PROVENANCE.md §1). Columns: vehicle_id, timestamp (ISO 8601
 * with the Chicago offset), speed (m/s), route_id, trip_id, latitude,
 * longitude, trip_headsign.
 */
export interface AustinDay {
  /** Accepted rows in file order. */
  fixes: RecordedFix[];
  rejected: RejectedRow<RejectReason>[];
  /** Destination sign per trip id: the first non-empty one seen. */
  headsigns: Map<string, string>;
  /** Data rows read, accepted or not. */
  rows: number;
  /** Accepted rows whose speed was left out, by cause. */
  speedsOmitted: { sentinel: number; implausible: number };
}

export type RejectReason =
  | 'wrong-field-count'
  | 'missing-vehicle-id'
  | 'bad-timestamp'
  | 'bad-coordinates'
  | 'null-island';

export const METRORAPID: FleetInfo = {
  id: 'austin-metrorapid',
  name: 'CapMetro MetroRapid',
};

export const METROBUS: FleetInfo = {
  id: 'austin-metrobus',
  name: 'CapMetro MetroBus',
};

const BUS_PREFIX = 'bus-';

/** The MetroRapid routes; every other route is MetroBus. */
const RAPID_ROUTES = new Set(['801', '803']);

/**
 * The feed sends 255 mph when a bus does not know its speed; the CSV holds
 * it converted to m/s. It means "unknown", never a real speed.
 */
const SPEED_UNKNOWN_MS = 113.9952;

/**
 * Faster than any CapMetro bus drives (about 81 mph). The files hold a few
 * single-row spikes far above it, up to 291 km/h on 2016-11-26, that
 * neither neighbouring row supports; they are read as unknown speeds.
 */
export const MAX_BUS_SPEED_KMH = 130;

const COLUMNS = [
  'vehicle_id',
  'timestamp',
  'speed',
  'route_id',
  'trip_id',
  'latitude',
  'longitude',
  'trip_headsign',
] as const;

type Column = (typeof COLUMNS)[number];
type ColumnIndex = Record<Column, number>;

/**
 * Reads one day file. A row that cannot become a fix (0,0, no usable time
 * or position) lands in `rejected` with its row number, never silently.
 */
export function loadAustinDay(csvPath: string): AustinDay {
  const { header, rows } = readCsvFile(csvPath);
  const col = indexColumns(header, csvPath);
  const day: AustinDay = {
    fixes: [],
    rejected: [],
    headsigns: new Map(),
    rows: rows.length,
    speedsOmitted: { sentinel: 0, implausible: 0 },
  };

  rows.forEach((fields, i) => {
    const row = i + 1;
    if (fields.length !== header.length) {
      day.rejected.push({ row, reason: 'wrong-field-count' });
      return;
    }
    const parsed = parseRow(fields, col);
    if (typeof parsed === 'string') {
      day.rejected.push({ row, reason: parsed });
      return;
    }
    day.fixes.push(parsed.recorded);
    if (parsed.speedOmitted) day.speedsOmitted[parsed.speedOmitted] += 1;
    noteHeadsign(day.headsigns, fields, col);
  });

  return day;
}

export interface AustinFleets {
  metrorapid: Recording;
  metrobus: Recording;
  vehicles: VehicleInfo[];
  /** Rows dropped because the same bus already reported that instant. */
  duplicates: number;
}

/**
 * Puts every bus in exactly one fleet: the route family it served on more
 * rows that day. A tie, or a bus with no route, goes to MetroBus. All of a
 * bus's fixes follow it, including rows on the other family's routes.
 */
export function splitAustinFleets(day: AustinDay): AustinFleets {
  const { fixes, duplicates } = dropDuplicates(day.fixes);
  const fleetOf = assignFleets(fixes);
  const rapid: RecordedFix[] = [];
  const bus: RecordedFix[] = [];

  for (const f of fixes) {
    const fleet = fleetOf.get(f.fix.vehicleId);
    (fleet === METRORAPID.id ? rapid : bus).push(f);
  }

  const trains = new Set(fixes.filter(isRail).map((f) => f.fix.vehicleId));
  const vehicles = [...fleetOf].map(([id, fleetId]) => ({
    id,
    label: `${trains.has(id) ? 'Train' : 'Bus'} ${id.slice(BUS_PREFIX.length)}`,
    fleetId,
  }));
  vehicles.sort((a, b) => a.id.localeCompare(b.id, 'en', { numeric: true }));

  return {
    metrorapid: makeRecording(METRORAPID.id, rapid),
    metrobus: makeRecording(METROBUS.id, bus),
    vehicles,
    duplicates,
  };
}

/**
 * Reads day-file rows one at a time, for a file that arrives in pieces
 * (an upload) rather than from disk; undefined when a column is missing.
 */
export function austinRowReader(
  header: string[],
): ((fields: string[]) => RecordedFix | RejectReason) | undefined {
  if (COLUMNS.some((c) => !header.includes(c))) return undefined;
  const col = indexColumns(header, 'upload');
  return (fields) => {
    if (fields.length !== header.length) return 'wrong-field-count';
    const parsed = parseRow(fields, col);
    return typeof parsed === 'string' ? parsed : parsed.recorded;
  };
}

function indexColumns(header: string[], path: string): ColumnIndex {
  const entries = COLUMNS.map((name) => {
    const i = header.indexOf(name);
    if (i === -1) throw new Error(`${path}: missing column "${name}"`);
    return [name, i] as const;
  });
  return Object.fromEntries(entries) as ColumnIndex;
}

// An explicit offset is required: without one Date.parse would read the
// time in the server's own zone.
const ISO_WITH_OFFSET = /^\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d(\.\d+)?)?(Z|[+-]\d\d:\d\d)$/;

type SpeedProblem = keyof AustinDay['speedsOmitted'];

interface ParsedRow {
  recorded: RecordedFix;
  speedOmitted?: SpeedProblem;
}

function parseRow(fields: string[], col: ColumnIndex): ParsedRow | RejectReason {
  const get = (c: Column): string => fields[col[c]]?.trim() ?? '';

  const vehicle = get('vehicle_id');
  if (vehicle === '') return 'missing-vehicle-id';

  const stamp = get('timestamp');
  const recordedTime = ISO_WITH_OFFSET.test(stamp) ? Date.parse(stamp) : NaN;
  if (!Number.isFinite(recordedTime)) return 'bad-timestamp';

  const lat = parseNumber(get('latitude'));
  const lon = parseNumber(get('longitude'));
  if (!isLatLon(lat, lon)) return 'bad-coordinates';
  // 0,0 is what a bus without a GPS lock reports, not a place in Austin.
  if (lat === 0 && lon === 0) return 'null-island';

  const fix: RecordedFix['fix'] = { vehicleId: BUS_PREFIX + vehicle, lat, lon };
  const tripId = get('trip_id');
  if (tripId !== '') fix.tripId = tripId;
  const routeId = get('route_id');
  if (routeId !== '') fix.routeId = routeId;

  const recorded = { recordedTime, fix };
  const speed = parseSpeed(get('speed'));
  if (typeof speed === 'string') return { recorded, speedOmitted: speed };
  if (speed !== undefined) fix.speedKmh = speed;
  return { recorded };
}

/** Number() would read an empty cell as 0; an empty cell is no value. */
function parseNumber(text: string): number {
  return text === '' ? NaN : Number(text);
}

function isLatLon(lat: number, lon: number): boolean {
  if (!Number.isFinite(lat) || !Number.isFinite(lon)) return false;
  return Math.abs(lat) <= 90 && Math.abs(lon) <= 180;
}

/** km/h, undefined for an empty cell, or why a given speed is unusable. */
function parseSpeed(text: string): number | SpeedProblem | undefined {
  if (text === '') return undefined;
  const ms = Number(text);
  if (Math.abs(ms - SPEED_UNKNOWN_MS) < 1e-6) return 'sentinel';
  const kmh = round(msToKmh(ms), 1);
  if (!(kmh >= 0 && kmh <= MAX_BUS_SPEED_KMH)) return 'implausible';
  return kmh;
}

function noteHeadsign(
  headsigns: Map<string, string>,
  fields: string[],
  col: ColumnIndex,
): void {
  const trip = fields[col.trip_id]?.trim() ?? '';
  const sign = fields[col.trip_headsign]?.trim() ?? '';
  if (trip === '' || sign === '' || headsigns.has(trip)) return;
  headsigns.set(trip, sign);
}

function dropDuplicates(all: RecordedFix[]): {
  fixes: RecordedFix[];
  duplicates: number;
} {
  const seen = new Set<string>();
  const fixes = all.filter((f) => {
    const key = `${f.fix.vehicleId}@${f.recordedTime}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  return { fixes, duplicates: all.length - fixes.length };
}

/** Vehicle id → fleet id, by rows served per route family. */
/** Route 550 is MetroRail: its vehicles are trains, though the feed mixes them in. */
function isRail(f: RecordedFix): boolean {
  return f.fix.routeId === '550';
}

function assignFleets(fixes: RecordedFix[]): Map<string, string> {
  const balance = new Map<string, number>();
  for (const { fix } of fixes) {
    const route = fix.routeId;
    const vote = route === undefined ? 0 : RAPID_ROUTES.has(route) ? 1 : -1;
    balance.set(fix.vehicleId, (balance.get(fix.vehicleId) ?? 0) + vote);
  }

  const fleetOf = new Map<string, string>();
  for (const [id, score] of balance) {
    fleetOf.set(id, score > 0 ? METRORAPID.id : METROBUS.id);
  }
  return fleetOf;
}
