import { normalizeHeading } from '../../lib/geo/distance';
import type { Fix } from './fix';

/**
 * The ingest policy for one fix, applied to every source alike. Each
 * rejection names the field and a stable reason so a sender can fix it;
 * each repair is named too, so a corrected fix is counted, not hidden.
 * The whole policy, kind by kind, is tabled in docs/RELIABILITY.md.
 */
export type RejectReason =
  | 'invalid_vehicle'
  | 'unknown_vehicle'
  | 'invalid_time'
  | 'future_time'
  | 'invalid_coordinates'
  | 'coordinates_out_of_range'
  | 'no_fix'
  | 'invalid_value'
  | 'swapped_coordinates'
  | 'teleport';

export interface Rejection {
  reason: RejectReason;
  field: string;
  message: string;
}

/** What validation repaired in a fix it took. */
export type Correction = 'week_rollover' | 'heading_dropped' | 'speed_dropped';

export type Validated =
  | { ok: true; fix: Fix; corrections?: Correction[] }
  | { ok: false; rejection: Rejection };

export interface ValidationPolicy {
  /** How far ahead of server time a device clock may run. Default 5 min. */
  futureToleranceMs: number;
  /**
   * Fastest a vehicle is believed to go, km/h; default 300. A reported
   * speed above it is dropped from the fix, and a jump implying more is
   * held back as a teleport (server/ingest/jumps.ts).
   */
  maxSpeedKmh?: number;
}

export const DEFAULT_MAX_SPEED_KMH = 300;

export const DEFAULT_POLICY: ValidationPolicy = {
  futureToleranceMs: 5 * 60_000,
  maxSpeedKmh: DEFAULT_MAX_SPEED_KMH,
};

/**
 * One GPS week-number era: the 10-bit week counter of the legacy
 * navigation message wraps every 1024 weeks, so a receiver that misses
 * the wrap reports dates 19.6 years (or twice that) in the past.
 */
export const GPS_ERA_MS = 1024 * 7 * 86_400_000;

/** How old a corrected rollover date may still be: a week of buffering. */
const ROLLOVER_MAX_AGE_MS = 7 * 86_400_000;

/** Earliest plausible device time; older ones are broken clocks. */
const MIN_DEVICE_TIME = Date.UTC(2000, 0, 1);

const OPTIONAL_RANGES: ReadonlyArray<[keyof Fix, number, number]> = [
  ['speedKmh', 0, 1000],
  ['accuracyM', 0, 1e6],
  ['altitudeM', -1000, 20_000],
  ['engineRpm', 0, 20_000],
  ['engineLoad', 0, 100],
  ['engineTemp', -60, 200],
  ['fuelLevel', 0, 100],
  ['odometerKm', 0, 10_000_000],
  // A heavy truck's diesel breathes a few hundred g/s at full power.
  ['mafGs', 0, 1000],
];

export function validateFix(
  fix: Fix,
  now: number,
  policy: ValidationPolicy = DEFAULT_POLICY,
): Validated {
  if (typeof fix.vehicleId !== 'string' || fix.vehicleId.length === 0) {
    return reject('invalid_vehicle', 'vehicleId', 'vehicleId must be a non-empty string');
  }
  const corrections: Correction[] = [];
  const deviceTime = unrolled(fix.deviceTime, now, policy.futureToleranceMs);
  if (deviceTime !== fix.deviceTime) corrections.push('week_rollover');
  if (!Number.isFinite(deviceTime) || deviceTime < MIN_DEVICE_TIME) {
    return reject('invalid_time', 'deviceTime', 'device time is missing or before 2000');
  }
  if (deviceTime > now + policy.futureToleranceMs) {
    const ahead = Math.round((deviceTime - now) / 1000);
    return reject('future_time', 'deviceTime', `device time is ${ahead} s in the future`);
  }
  const where = placeProblem(fix);
  if (where) return { ok: false, rejection: where };
  for (const [field, min, max] of OPTIONAL_RANGES) {
    const v = fix[field];
    if (v === undefined) continue;
    if (typeof v !== 'number' || !Number.isFinite(v) || v < min || v > max) {
      return reject(
        'invalid_value',
        field,
        `${field} must be a number in [${min}, ${max}]`,
      );
    }
  }

  const out: Fix = { ...fix, deviceTime };
  const maxSpeed = policy.maxSpeedKmh ?? DEFAULT_MAX_SPEED_KMH;
  // A reading past any vehicle's reach is a unit or sensor fault: the
  // place is still good, the speed would only feed false alerts.
  if (out.speedKmh !== undefined && out.speedKmh > maxSpeed) {
    delete out.speedKmh;
    corrections.push('speed_dropped');
  }
  if (out.heading !== undefined) {
    if (typeof out.heading === 'number' && Number.isFinite(out.heading)) {
      out.heading = normalizeHeading(out.heading);
    } else {
      // Unknown, not wrong: the track derives a bearing instead.
      delete out.heading;
      corrections.push('heading_dropped');
    }
  }
  const changed = corrections.length > 0 || out.heading !== fix.heading;
  if (!changed) return { ok: true, fix };
  return corrections.length > 0
    ? { ok: true, fix: out, corrections }
    : { ok: true, fix: out };
}

/**
 * The device time moved forward by whole GPS eras when that lands it in
 * the last week up to the future tolerance; otherwise unchanged. A real
 * fix exactly 19.6 years old is taken for a rollover: no fleet sends one.
 */
export function unrolled(deviceTime: number, now: number, toleranceMs: number): number {
  if (!Number.isFinite(deviceTime) || deviceTime >= now - GPS_ERA_MS / 2) {
    return deviceTime;
  }
  for (let eras = 1; eras <= 2; eras++) {
    const t = deviceTime + eras * GPS_ERA_MS;
    if (t >= now - ROLLOVER_MAX_AGE_MS && t <= now + toleranceMs) return t;
  }
  return deviceTime;
}

/** Why the position cannot be a place on Earth; undefined when it can. */
function placeProblem(fix: Fix): Rejection | undefined {
  const { lat, lon } = fix;
  if (!Number.isFinite(lat) || !Number.isFinite(lon)) {
    const message = 'latitude and longitude must be finite';
    return { reason: 'invalid_coordinates', field: 'lat/lon', message };
  }
  if (Math.abs(lat) > 90 || Math.abs(lon) > 180) {
    // Refused, never swapped back: a pair that fits both ways gives no
    // such clue, so a silent swap would fix some senders and hide others.
    const hint =
      Math.abs(lat) > 90 && Math.abs(lon) <= 90
        ? '; they look swapped, send latitude as lat'
        : '';
    const message = `latitude ${lat} or longitude ${lon} is out of range${hint}`;
    return { reason: 'coordinates_out_of_range', field: 'lat/lon', message };
  }
  // Receivers without a fix report 0,0; nothing we track sits there.
  if (lat === 0 && lon === 0) {
    const message = 'position 0,0 means the device had no GPS fix';
    return { reason: 'no_fix', field: 'lat/lon', message };
  }
  return undefined;
}

function reject(reason: RejectReason, field: string, message: string): Validated {
  return { ok: false, rejection: { reason, field, message } };
}
