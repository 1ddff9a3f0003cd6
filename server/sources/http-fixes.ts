import type { z } from 'zod';
import {
  wireFixSchema,
  type Device,
  type FixRejectCode,
  type WireFix,
} from '../../lib/protocol';
import type { Fix } from '../ingest/fix';
import type { Candidate } from './gateway';
import { readEpochMs, readIsoTime } from './time';

/** Finds a registered device; undefined when unknown. */
export type DeviceLookup = (deviceId: string) => Device | undefined;

/**
 * Reads one fix of an ingest batch into a candidate for the gateway. A
 * fix that does not fit the schema is refused with the ingest reason of
 * its first bad field, named with its place in the batch.
 */
export function readWireFix(
  raw: unknown,
  index: number,
  fleetId: string,
  devices: DeviceLookup,
): Candidate {
  const where = `fixes[${index}]`;
  const parsed = wireFixSchema.safeParse(raw);
  if (!parsed.success) {
    const refused = explain(parsed.error, where);
    const named = namedVehicle(raw, fleetId, devices);
    return named === undefined ? { refused } : { refused, vehicleId: named };
  }
  const w = parsed.data;

  const vehicle = vehicleOf(w, where, fleetId, devices);
  if ('refused' in vehicle) return vehicle;
  const time =
    typeof w.timestamp === 'number' ? readEpochMs(w.timestamp) : readIsoTime(w.timestamp);
  if (!time.ok) {
    const message = `${where}.timestamp: ${time.message}`;
    return { refused: { code: 'invalid_time', message }, vehicleId: vehicle.id };
  }
  return { fix: toFix(w, vehicle.id, time.ms) };
}

function vehicleOf(
  w: WireFix,
  where: string,
  fleetId: string,
  devices: DeviceLookup,
): { id: string } | Extract<Candidate, { refused: unknown }> {
  if ((w.vehicle_id === undefined) === (w.device_id === undefined)) {
    const message = `${where} needs exactly one of vehicle_id and device_id`;
    return { refused: { code: 'invalid_vehicle', message } };
  }
  if (w.vehicle_id !== undefined) return { id: w.vehicle_id };

  const device = devices(w.device_id ?? '');
  // Another fleet's device is answered like an unregistered one.
  if (!device || device.fleet_id !== fleetId) {
    const id = w.device_id ?? '';
    const message = `${where}.device_id ${id} is not registered to fleet ${fleetId}`;
    return { refused: { code: 'unknown_device', message } };
  }
  return { id: device.vehicle_id };
}

/**
 * The vehicle an unreadable fix names, so its refusal reaches that
 * vehicle's quarantine; undefined when it names none of this fleet's.
 */
function namedVehicle(
  raw: unknown,
  fleetId: string,
  devices: DeviceLookup,
): string | undefined {
  if (typeof raw !== 'object' || raw === null) return undefined;
  const r = raw as Record<string, unknown>;
  if (typeof r['vehicle_id'] === 'string') return r['vehicle_id'];
  if (typeof r['device_id'] !== 'string') return undefined;
  const device = devices(r['device_id']);
  return device?.fleet_id === fleetId ? device.vehicle_id : undefined;
}

function toFix(w: WireFix, vehicleId: string, deviceTime: number): Fix {
  const fix: Fix = { vehicleId, deviceTime, lat: w.lat, lon: w.lon };
  const optional: Array<[keyof Fix, number | string | undefined]> = [
    ['speedKmh', w.speed_kmh],
    ['heading', w.heading],
    ['altitudeM', w.altitude],
    ['accuracyM', w.accuracy],
    ['odometerKm', w.odometer_km],
    ['fuelLevel', w.fuel_level],
    ['engineRpm', w.engine_rpm],
    ['engineTemp', w.engine_temp],
    ['engineLoad', w.engine_load],
    ['mafGs', w.maf],
    ['tripId', w.trip_id],
    ['routeId', w.route_id],
  ];
  for (const [key, value] of optional) {
    if (value !== undefined) Object.assign(fix, { [key]: value });
  }
  return fix;
}

/** The schema's first complaint, in the ingest policy's vocabulary. */
function explain(
  error: z.ZodError,
  where: string,
): { code: FixRejectCode; message: string } {
  const issue = error.issues[0];
  if (!issue) return { code: 'invalid_value', message: `${where} is not a fix` };
  if (issue.code === 'unrecognized_keys') {
    const keys = issue.keys.join(', ');
    const hint = issue.keys.includes('speed') ? '; send km/h as speed_kmh' : '';
    return {
      code: 'invalid_value',
      message: `${where} has unknown field ${keys}${hint}`,
    };
  }
  const field = String(issue.path[0] ?? '');
  if (field === '') {
    return { code: 'invalid_value', message: `${where} must be an object` };
  }
  const message = `${where}.${field} ${issue.message}`;
  return { code: codeOf(field), message };
}

function codeOf(field: string): FixRejectCode {
  if (field === 'lat' || field === 'lon') return 'invalid_coordinates';
  if (field === 'timestamp') return 'invalid_time';
  if (field === 'vehicle_id' || field === 'device_id') return 'invalid_vehicle';
  return 'invalid_value';
}
