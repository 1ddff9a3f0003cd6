import { knotsToKmh, msToKmh } from '../../lib/geo/units';
import type { FixRejectCode } from '../../lib/protocol';
import type { Fix } from '../ingest/fix';
import { decimal } from './decimal';
import { readIsoTime, readOsmandTime } from './time';

/**
 * The OsmAnd protocol as Traccar Client and many trackers speak it
 * (https://www.traccar.org/osmand/), read into our units at the door.
 *
 * Two shapes arrive. Query or form parameters: `id` (or `deviceid`),
 * `lat`, `lon` (or `location=lat,lon`), `timestamp` (epoch seconds or
 * milliseconds, or ISO 8601), `speed` in KNOTS, `bearing` (or `heading`),
 * `altitude`, `accuracy`, `hdop`, `batt`, `valid`. And the JSON body of
 * Traccar Client 9 and later: `{ device_id, location: { timestamp,
 * coords: { latitude, longitude, speed (m/s), heading, accuracy,
 * altitude }, battery, … } }`, where `location` may also be a list.
 */
export type OsmandRead =
  | { deviceId: string; fix: DeviceFix }
  | {
      deviceId: string | undefined;
      refused: { code: FixRejectCode; message: string };
      /** The request was read; the fix itself can never be taken. */
      final?: true;
    };

/** A fix before the registration names its vehicle. */
export type DeviceFix = Omit<Fix, 'vehicleId'>;

/** Most locations one JSON request may carry. */
export const MAX_OSMAND_BATCH = 100;

/** Reads one report from query or form parameters. */
export function readOsmandParams(params: URLSearchParams, now: number): OsmandRead {
  const deviceId = params.get('id') ?? params.get('deviceid') ?? undefined;
  const refuse = (code: FixRejectCode, message: string): OsmandRead => ({
    deviceId,
    refused: { code, message },
  });
  if (!deviceId) return refuse('invalid_vehicle', 'send the device id as id');

  const position = readPosition(params);
  if (typeof position === 'string') return refuse('invalid_coordinates', position);

  const stamp = params.get('timestamp');
  const time = stamp === null ? { ok: true as const, ms: now } : readOsmandTime(stamp);
  if (!time.ok) return refuse('invalid_time', `timestamp: ${time.message}`);
  // A fix the device itself marks invalid is its last guess, not a place.
  const valid = params.get('valid');
  if (valid === 'false' || valid === '0') {
    const message = 'valid=false: the device had no GPS fix';
    return { deviceId, refused: { code: 'no_fix', message }, final: true };
  }

  const fix: DeviceFix = { deviceTime: time.ms, ...position };
  const extras = readExtras(params);
  if (typeof extras === 'string') return refuse('invalid_value', extras);
  return { deviceId, fix: { ...fix, ...extras } };
}

/** Reads a Traccar Client JSON body: one report per location. */
export function readOsmandJson(body: unknown, now: number): OsmandRead[] {
  const root = asRecord(body);
  const id = root?.['device_id'];
  const deviceId = typeof id === 'string' && id !== '' ? id : undefined;
  const refuse = (message: string): OsmandRead[] => [
    { deviceId, refused: { code: 'invalid_value', message } },
  ];
  if (!root) return refuse('the body must be a JSON object');

  const raw = root['location'];
  const locations = Array.isArray(raw) ? raw : [raw];
  if (locations.length === 0 || locations.length > MAX_OSMAND_BATCH) {
    return refuse(`location must hold 1 to ${MAX_OSMAND_BATCH} entries`);
  }
  return locations.map((l) => readJsonLocation(deviceId, l, now));
}

function readJsonLocation(
  deviceId: string | undefined,
  raw: unknown,
  now: number,
): OsmandRead {
  const refuse = (code: FixRejectCode, message: string): OsmandRead => ({
    deviceId,
    refused: { code, message },
  });
  if (!deviceId) return refuse('invalid_vehicle', 'send the device id as device_id');
  const coords = asRecord(asRecord(raw)?.['coords']);
  if (!coords) return refuse('invalid_coordinates', 'location.coords is missing');

  const lat = coords['latitude'];
  const lon = coords['longitude'];
  if (!isFiniteNumber(lat) || !isFiniteNumber(lon)) {
    return refuse('invalid_coordinates', 'coords.latitude and longitude must be numbers');
  }
  const stamp = asRecord(raw)?.['timestamp'];
  const time =
    typeof stamp === 'string' ? readIsoTime(stamp) : { ok: true as const, ms: now };
  if (!time.ok) return refuse('invalid_time', `timestamp: ${time.message}`);

  const fix: DeviceFix = { deviceTime: time.ms, lat, lon };
  // The location SDK writes -1 for what the phone does not know.
  const speed = known(coords['speed']);
  if (speed !== undefined) fix.speedKmh = msToKmh(speed);
  const heading = known(coords['heading']);
  if (heading !== undefined) fix.heading = heading;
  const accuracy = known(coords['accuracy']);
  if (accuracy !== undefined) fix.accuracyM = accuracy;
  const altitude = coords['altitude'];
  if (isFiniteNumber(altitude)) fix.altitudeM = altitude;
  return { deviceId, fix };
}

/** `lat` and `lon`, or `location=lat,lon`; a message when unreadable. */
function readPosition(params: URLSearchParams): { lat: number; lon: number } | string {
  const pair = params.get('location')?.split(',');
  const latText = params.get('lat') ?? pair?.[0];
  const lonText = params.get('lon') ?? pair?.[1];
  if (latText === undefined || lonText === undefined) {
    return 'send lat and lon (or location=lat,lon)';
  }
  const lat = decimal(latText);
  const lon = decimal(lonText);
  if (lat === undefined || lon === undefined) {
    return 'lat and lon must be decimal degrees with a point';
  }
  return { lat, lon };
}

/** The optional readings; hdop, batt and the rest are read and let go. */
function readExtras(params: URLSearchParams): Partial<DeviceFix> | string {
  const extras: Partial<DeviceFix> = {};
  const fields: Array<[string, (v: number) => void]> = [
    // Knots here: the protocol's unit, as Traccar reads it (field case C07).
    ['speed', (v) => (extras.speedKmh = knotsToKmh(v))],
    ['bearing', (v) => (extras.heading = v)],
    ['heading', (v) => (extras.heading = v)],
    ['accuracy', (v) => (extras.accuracyM = v)],
  ];
  for (const [name, set] of fields) {
    const text = params.get(name);
    if (text === null || text === '') continue;
    const v = decimal(text);
    if (v === undefined) return `${name} must be a decimal number`;
    // Android and iOS send -1 for a speed, course or accuracy they lack.
    if (v >= 0) set(v);
  }
  const altitude = params.get('altitude');
  if (altitude !== null && altitude !== '') {
    const v = decimal(altitude);
    if (v === undefined) return 'altitude must be a decimal number';
    extras.altitudeM = v;
  }
  return extras;
}

function known(v: unknown): number | undefined {
  return isFiniteNumber(v) && v >= 0 ? v : undefined;
}

function isFiniteNumber(v: unknown): v is number {
  return typeof v === 'number' && Number.isFinite(v);
}

function asRecord(v: unknown): Record<string, unknown> | undefined {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return undefined;
  return v as Record<string, unknown>;
}
