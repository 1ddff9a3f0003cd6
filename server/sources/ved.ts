import { readCsvFile, type Csv } from './csv';
import {
  makeRecording,
  type FleetInfo,
  type RecordedFix,
  type Recording,
  type RejectedRow,
  type VehicleInfo,
} from './recording';

/**
 * Vehicle Energy Dataset trips from Ann Arbor (shared/data/PROVENANCE.md
 * §2). Each row is one OBD reading with GPS; rows are grouped by (VehId,
 * Trip). The cars drove on different days, so for a live loop every car's
 * trips are laid back to back on one synthetic timeline that starts for
 * all cars at the same instant.
 */
export interface VedData {
  recording: Recording;
  vehicles: VehicleInfo[];
  /** Every trip, by car, each car's in the order it drove them. */
  trips: VedTrip[];
  rejected: RejectedRow<VedRejectReason>[];
}

export interface VedTrip {
  tripId: string;
  vehicleId: string;
  /** Real time of the first and last row, epoch ms UTC. */
  realStart: number;
  realEnd: number;
  /** Where the trip was placed on the synthetic timeline. */
  syntheticStart: number;
  rows: number;
}

export type VedRejectReason =
  'wrong-field-count' | 'bad-trip-key' | 'bad-time' | 'bad-coordinates' | 'null-island';

export const ANN_ARBOR: FleetInfo = { id: 'ann-arbor', name: 'Ann Arbor cars' };

/** Pause between one trip's last fix and the next trip's first. */
export const TRIP_GAP_MS = 120_000;

/**
 * Loads the trips and, when given, the static vehicle table for labels
 * such as "Car 267 (ICE)".
 */
export function loadVed(tripsPath: string, vehiclesPath?: string): VedData {
  const csv = readCsvFile(tripsPath);
  const { rows, rejected } = readRows(csv, tripsPath);
  const trips = groupTrips(rows);
  const engines = vehiclesPath
    ? readEngineTypes(vehiclesPath)
    : new Map<string, string>();

  const placed = layOutTrips(trips);
  const carIds = new Set(placed.map((p) => p.trip.vehicleId));
  const vehicles = [...carIds].map((id) => describeCar(id, engines));

  return {
    recording: makeRecording(
      ANN_ARBOR.id,
      placed.flatMap((p) => p.fixes),
    ),
    vehicles,
    trips: placed.map((p) => p.trip),
    rejected,
  };
}

// DayNum counts days on the Ann Arbor wall clock from this midnight.
const ZONE = 'America/Detroit';
const DAY_ONE_WALL = Date.UTC(2017, 10, 1);
const DAY_MS = 86_400_000;
const CAR_PREFIX = 'car-';

const COLUMNS = {
  dayNum: 'DayNum',
  vehId: 'VehId',
  trip: 'Trip',
  elapsedMs: 'Timestamp(ms)',
  lat: 'Latitude[deg]',
  lon: 'Longitude[deg]',
  speed: 'Vehicle Speed[km/h]',
  maf: 'MAF[g/sec]',
  rpm: 'Engine RPM[RPM]',
  load: 'Absolute Load[%]',
} as const;

type Key = keyof typeof COLUMNS;

interface Row {
  time: number;
  fix: RecordedFix['fix'];
}

interface ReadRows {
  rows: Row[];
  rejected: RejectedRow<VedRejectReason>[];
}

function readRows(csv: Csv, path: string): ReadRows {
  const col = indexColumns(csv.header, path);
  const rows: Row[] = [];
  const rejected: RejectedRow<VedRejectReason>[] = [];
  // One trip start per DayNum text, so the zone lookup runs once per trip.
  const starts = new Map<string, number>();

  csv.rows.forEach((fields, i) => {
    if (fields.length !== csv.header.length) {
      rejected.push({ row: i + 1, reason: 'wrong-field-count' });
      return;
    }
    const row = parseRow(fields, col, starts);
    if (typeof row === 'string') rejected.push({ row: i + 1, reason: row });
    else rows.push(row);
  });

  return { rows, rejected };
}

/**
 * Reads trip rows one at a time on their real clock (no synthetic
 * timeline), for a file that arrives in pieces; undefined when a column
 * is missing.
 */
export function vedRowReader(
  header: string[],
): ((fields: string[]) => RecordedFix | VedRejectReason) | undefined {
  if (Object.values(COLUMNS).some((c) => !header.includes(c))) return undefined;
  const col = indexColumns(header, 'upload');
  const starts = new Map<string, number>();
  return (fields) => {
    if (fields.length !== header.length) return 'wrong-field-count';
    const row = parseRow(fields, col, starts);
    return typeof row === 'string' ? row : { recordedTime: row.time, fix: row.fix };
  };
}

function indexColumns(header: string[], path: string): Record<Key, number> {
  const index = {} as Record<Key, number>;
  for (const key of Object.keys(COLUMNS) as Key[]) {
    const i = header.indexOf(COLUMNS[key]);
    if (i === -1) throw new Error(`${path}: missing column "${COLUMNS[key]}"`);
    index[key] = i;
  }
  return index;
}

function parseRow(
  fields: string[],
  col: Record<Key, number>,
  starts: Map<string, number>,
): Row | VedRejectReason {
  const text = (k: Key): string => fields[col[k]]?.trim() ?? '';
  const num = (k: Key): number => (text(k) === '' ? NaN : Number(text(k)));

  const vehId = text('vehId');
  const trip = text('trip');
  if (!/^\d+$/.test(vehId) || !/^\d+$/.test(trip)) return 'bad-trip-key';

  const dayText = text('dayNum');
  const start = starts.get(dayText) ?? tripStartUtc(num('dayNum'));
  const elapsed = num('elapsedMs');
  if (!Number.isFinite(start) || !Number.isFinite(elapsed)) return 'bad-time';
  starts.set(dayText, start);

  const lat = num('lat');
  const lon = num('lon');
  if (!Number.isFinite(lat) || !Number.isFinite(lon)) return 'bad-coordinates';
  if (Math.abs(lat) > 90 || Math.abs(lon) > 180) return 'bad-coordinates';
  if (lat === 0 && lon === 0) return 'null-island';

  const fix: Row['fix'] = {
    vehicleId: CAR_PREFIX + vehId,
    lat,
    lon,
    tripId: `ved-${vehId}-${trip}`,
  };
  // The extract writes NaN for a reading the logger did not have; a
  // missing reading must stay missing, not become 0.
  const speed = num('speed');
  if (Number.isFinite(speed) && speed >= 0) fix.speedKmh = speed;
  const rpm = num('rpm');
  if (Number.isFinite(rpm) && rpm >= 0) fix.engineRpm = rpm;
  const load = num('load');
  if (Number.isFinite(load) && load >= 0) fix.engineLoad = load;
  const maf = num('maf');
  if (Number.isFinite(maf) && maf >= 0) fix.mafGs = maf;

  return { time: start + Math.round(elapsed), fix };
}

/**
 * The trip start as UTC. DayNum is read on the Ann Arbor wall clock, so
 * the zone offset is the one in force at that wall time: UTC−4 until
 * 2017-11-05 02:00, UTC−5 after. Timestamp(ms) is then added as elapsed
 * time, which keeps the recorded spacing even across a DST change.
 */
export function tripStartUtc(dayNum: number): number {
  if (!Number.isFinite(dayNum)) return NaN;
  const wall = DAY_ONE_WALL + Math.round((dayNum - 1) * DAY_MS);
  return wallToUtc(wall, ZONE);
}

/**
 * Converts a wall-clock time (encoded as if it were UTC) in `zone` to true
 * UTC. Two passes settle on the offset in force at the result; a wall time
 * inside the repeated autumn hour resolves to its first occurrence.
 */
export function wallToUtc(wall: number, zone: string): number {
  const guess = wall - offsetMs(wall, zone);
  const first = wall - offsetMs(guess, zone);
  return wall - offsetMs(first, zone) === first ? first : guess;
}

const offsetFormats = new Map<string, Intl.DateTimeFormat>();

/** The zone's offset from UTC at an instant, e.g. −4 h for EDT. */
function offsetMs(utc: number, zone: string): number {
  let format = offsetFormats.get(zone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      timeZoneName: 'longOffset',
    });
    offsetFormats.set(zone, format);
  }
  const name = format.formatToParts(utc).find((p) => p.type === 'timeZoneName')?.value;
  // "GMT" alone is printed for a zero offset.
  const m = /^GMT(?:([+-])(\d\d):(\d\d))?$/.exec(name ?? '');
  if (!m) throw new Error(`Cannot read the UTC offset of ${zone}: ${name}`);
  if (!m[1]) return 0;
  const minutes = Number(m[2]) * 60 + Number(m[3]);
  return (m[1] === '-' ? -1 : 1) * minutes * 60_000;
}

interface Trip {
  vehicleId: string;
  tripId: string;
  rows: Row[];
}

function groupTrips(rows: Row[]): Trip[] {
  const trips = new Map<string, Trip>();
  for (const row of rows) {
    const tripId = row.fix.tripId ?? '';
    let trip = trips.get(tripId);
    if (!trip) {
      trip = { vehicleId: row.fix.vehicleId, tripId, rows: [] };
      trips.set(tripId, trip);
    }
    trip.rows.push(row);
  }
  for (const trip of trips.values()) trip.rows.sort((a, b) => a.time - b.time);
  return [...trips.values()];
}

interface PlacedTrip {
  trip: VedTrip;
  fixes: RecordedFix[];
}

/**
 * Every car starts its first trip at T0, the earliest real trip start of
 * the whole set, and each later trip TRIP_GAP_MS after its previous one
 * ends. Inside a trip the rows keep their recorded spacing exactly.
 */
function layOutTrips(trips: Trip[]): PlacedTrip[] {
  const realStart = (t: Trip): number => t.rows[0]?.time ?? 0;
  const ordered = [...trips].sort(
    (a, b) =>
      a.vehicleId.localeCompare(b.vehicleId, 'en', { numeric: true }) ||
      realStart(a) - realStart(b) ||
      a.tripId.localeCompare(b.tripId, 'en', { numeric: true }),
  );
  const t0 = Math.min(...ordered.map(realStart));
  const nextStart = new Map<string, number>();

  return ordered.map((trip) => {
    const start = realStart(trip);
    const syntheticStart = nextStart.get(trip.vehicleId) ?? t0;
    const shift = syntheticStart - start;
    const fixes = trip.rows.map((r) => ({ recordedTime: r.time + shift, fix: r.fix }));
    const realEnd = trip.rows.at(-1)?.time ?? start;
    nextStart.set(trip.vehicleId, realEnd + shift + TRIP_GAP_MS);

    const placed: VedTrip = {
      tripId: trip.tripId,
      vehicleId: trip.vehicleId,
      realStart: start,
      realEnd,
      syntheticStart,
      rows: trip.rows.length,
    };
    return { trip: placed, fixes };
  });
}

function readEngineTypes(path: string): Map<string, string> {
  const { header, rows } = readCsvFile(path);
  const id = header.indexOf('VehId');
  const engine = header.indexOf('EngineType');
  const types = new Map<string, string>();
  if (id === -1 || engine === -1) return types;

  for (const fields of rows) {
    const type = fields[engine]?.trim() ?? '';
    // "NO DATA" is the source's own marker for a missing value.
    if (type === '' || type === 'NO DATA') continue;
    types.set(CAR_PREFIX + (fields[id]?.trim() ?? ''), type);
  }
  return types;
}

function describeCar(id: string, engines: Map<string, string>): VehicleInfo {
  const engine = engines.get(id);
  const name = `Car ${id.slice(CAR_PREFIX.length)}`;
  return {
    id,
    label: engine ? `${name} (${engine})` : name,
    fleetId: ANN_ARBOR.id,
  };
}
