import type { FixRejectCode } from '../../../lib/protocol';
import type { Fix } from '../../ingest/fix';
import { austinRowReader, type RejectReason as AustinReason } from '../austin';
import type { RecordedFix } from '../recording';
import { vedRowReader, type VedRejectReason } from '../ved';
import { decimal } from '../decimal';
import type { Candidate } from '../gateway';
import { readEpochMs, readIsoTime } from '../time';

export type CsvFormat = 'austin' | 'ved' | 'generic';

/** Reads one data row of an upload into a fix, or says why it cannot. */
export type RowReader = (fields: string[]) => Candidate;

/** The columns of the generic format; the first four are required. */
export const GENERIC_COLUMNS = [
  'vehicle_id',
  'timestamp',
  'lat',
  'lon',
  'speed_kmh',
  'heading',
  'altitude',
  'accuracy',
  'odometer_km',
  'fuel_level',
  'engine_rpm',
  'engine_temp',
  'engine_load',
  'maf',
  'trip_id',
  'route_id',
  'label',
] as const;

/**
 * The reader for a file's header: the format asked for, or with `auto`
 * the first whose columns the header holds. A string says why none fits.
 */
export function csvReaderFor(
  header: string[],
  wanted: CsvFormat | 'auto',
): { format: CsvFormat; read: RowReader } | string {
  const order: CsvFormat[] = wanted === 'auto' ? ['austin', 'ved', 'generic'] : [wanted];
  for (const format of order) {
    const read = readerOf(format, header);
    if (typeof read === 'function') return { format, read };
    if (wanted !== 'auto') return read;
  }
  return (
    'the header fits no known format: CapMetrics (vehicle_id,timestamp,speed,…), ' +
    `VED (DayNum,VehId,Trip,…) or generic (${GENERIC_COLUMNS.slice(0, 4).join(',')}[,…])`
  );
}

function readerOf(format: CsvFormat, header: string[]): RowReader | string {
  if (format === 'generic') return genericReader(header);
  const recorded = format === 'austin' ? austinRowReader(header) : vedRowReader(header);
  if (!recorded) return `the header lacks a column of the ${format} format`;
  return (fields) => fromRecorded(recorded(fields));
}

const LOADER_CODES: Record<AustinReason | VedRejectReason, FixRejectCode> = {
  'wrong-field-count': 'unreadable_row',
  'missing-vehicle-id': 'invalid_vehicle',
  'bad-trip-key': 'invalid_vehicle',
  'bad-timestamp': 'invalid_time',
  'bad-time': 'invalid_time',
  'bad-coordinates': 'invalid_coordinates',
  'null-island': 'no_fix',
};

const LOADER_MESSAGES: Record<AustinReason | VedRejectReason, string> = {
  'wrong-field-count': 'the row has more or fewer fields than the header',
  'missing-vehicle-id': 'vehicle_id is empty',
  'bad-trip-key': 'VehId and Trip must be whole numbers',
  'bad-timestamp': 'timestamp is not ISO 8601 with a zone',
  'bad-time': 'DayNum or Timestamp(ms) is not a number',
  'bad-coordinates': 'latitude or longitude is missing or out of range',
  'null-island': 'position 0,0 means the device had no GPS fix',
};

/** A recorded file's own clock is the device clock of an import. */
function fromRecorded(row: RecordedFix | AustinReason | VedRejectReason): Candidate {
  if (typeof row === 'string') {
    return { refused: { code: LOADER_CODES[row], message: LOADER_MESSAGES[row] } };
  }
  return { fix: { ...row.fix, deviceTime: row.recordedTime } };
}

type Numeric = Exclude<
  (typeof GENERIC_COLUMNS)[number],
  'vehicle_id' | 'timestamp' | 'trip_id' | 'route_id' | 'label'
>;

const NUMERIC_FIELDS: Record<Numeric, keyof Fix> = {
  lat: 'lat',
  lon: 'lon',
  speed_kmh: 'speedKmh',
  heading: 'heading',
  altitude: 'altitudeM',
  accuracy: 'accuracyM',
  odometer_km: 'odometerKm',
  fuel_level: 'fuelLevel',
  engine_rpm: 'engineRpm',
  engine_temp: 'engineTemp',
  engine_load: 'engineLoad',
  maf: 'mafGs',
};

/**
 * `vehicle_id,timestamp,lat,lon[,…]` with the names of the HTTP ingest
 * fields. An unknown column is refused rather than ignored, so a `speed`
 * column in m/s cannot pass for km/h.
 */
function genericReader(header: string[]): RowReader | string {
  const known = new Set<string>(GENERIC_COLUMNS);
  const unknown = header.filter((h) => !known.has(h));
  if (unknown.length > 0) {
    const names = unknown.slice(0, 3).join(', ');
    return `unknown column ${names}; the generic columns are ${GENERIC_COLUMNS.join(', ')}`;
  }
  const missing = GENERIC_COLUMNS.slice(0, 4).filter((c) => !header.includes(c));
  if (missing.length > 0) return `the generic format needs column ${missing.join(', ')}`;
  const at = (name: string) => header.indexOf(name);

  return (fields) => {
    if (fields.length !== header.length) {
      return {
        refused: {
          code: 'unreadable_row',
          message: LOADER_MESSAGES['wrong-field-count'],
        },
      };
    }
    const cell = (name: string) => fields[at(name)]?.trim() ?? '';
    const vehicleId = cell('vehicle_id');
    if (vehicleId === '') {
      return { refused: { code: 'invalid_vehicle', message: 'vehicle_id is empty' } };
    }
    const stamp = cell('timestamp');
    const time = /^\d+$/.test(stamp) ? readEpochMs(Number(stamp)) : readIsoTime(stamp);
    if (!time.ok) return { refused: { code: 'invalid_time', message: time.message } };

    const values: Partial<Fix> = {};
    for (const [column, key] of Object.entries(NUMERIC_FIELDS)) {
      const text = at(column) === -1 ? '' : cell(column);
      if (text === '' && column !== 'lat' && column !== 'lon') continue;
      const value = decimal(text);
      if (value === undefined) {
        const position = column === 'lat' || column === 'lon';
        const code = position ? 'invalid_coordinates' : 'invalid_value';
        return { refused: { code, message: `${column} must be a decimal number` } };
      }
      Object.assign(values, { [key]: value });
    }
    const { lat = NaN, lon = NaN } = values;
    const fix: Fix = { ...values, vehicleId, deviceTime: time.ms, lat, lon };
    const tripId = at('trip_id') === -1 ? '' : cell('trip_id');
    if (tripId !== '') fix.tripId = tripId;
    const routeId = at('route_id') === -1 ? '' : cell('route_id');
    if (routeId !== '') fix.routeId = routeId;
    const label = at('label') === -1 ? '' : cell('label');
    return label === '' ? { fix } : { fix, label };
  };
}
