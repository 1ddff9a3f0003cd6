import { normalizeHeading } from '../../lib/geo/distance';
import type { Fix } from './fix';

/**
 * The ingest policy for one fix, applied to every source alike. Each
 * rejection names the field and a stable reason so a sender can fix it.
 */
export type RejectReason =
  | 'invalid_vehicle'
  | 'unknown_vehicle'
  | 'invalid_time'
  | 'future_time'
  | 'invalid_coordinates'
  | 'coordinates_out_of_range'
  | 'no_fix'
  | 'invalid_value';

export interface Rejection {
  reason: RejectReason;
  field: string;
  message: string;
}

export type Validated = { ok: true; fix: Fix } | { ok: false; rejection: Rejection };

export interface ValidationPolicy {
  /** How far ahead of server time a device clock may run. */
  futureToleranceMs: number;
}

export const DEFAULT_POLICY: ValidationPolicy = { futureToleranceMs: 5 * 60_000 };

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
  if (!Number.isFinite(fix.deviceTime) || fix.deviceTime < MIN_DEVICE_TIME) {
    return reject('invalid_time', 'deviceTime', 'device time is missing or before 2000');
  }
  if (fix.deviceTime > now + policy.futureToleranceMs) {
    const ahead = Math.round((fix.deviceTime - now) / 1000);
    return reject('future_time', 'deviceTime', `device time is ${ahead} s in the future`);
  }
  if (!Number.isFinite(fix.lat) || !Number.isFinite(fix.lon)) {
    return reject(
      'invalid_coordinates',
      'lat/lon',
      'latitude and longitude must be finite',
    );
  }
  if (Math.abs(fix.lat) > 90 || Math.abs(fix.lon) > 180) {
    return reject(
      'coordinates_out_of_range',
      'lat/lon',
      `latitude ${fix.lat} or longitude ${fix.lon} is out of range`,
    );
  }
  // Receivers without a fix report 0,0; nothing we track sits there.
  if (fix.lat === 0 && fix.lon === 0) {
    return reject('no_fix', 'lat/lon', 'position 0,0 means the device had no GPS fix');
  }
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
  if (fix.heading === undefined) return { ok: true, fix };
  if (!Number.isFinite(fix.heading)) {
    return reject('invalid_value', 'heading', 'heading must be a finite number');
  }
  return { ok: true, fix: { ...fix, heading: normalizeHeading(fix.heading) } };
}

function reject(reason: RejectReason, field: string, message: string): Validated {
  return { ok: false, rejection: { reason, field, message } };
}
