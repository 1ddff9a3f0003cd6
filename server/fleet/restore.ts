import type { Selectable } from 'kysely';
import type { PositionTable } from '../db/schema';
import type { Fix } from '../ingest/fix';
import type { VehicleState } from './vehicle-state';

/** Rebuilds a vehicle's live state from its newest stored position. */
export function rowToState(
  row: Selectable<PositionTable>,
  fleetId: string | undefined,
): VehicleState | undefined {
  if (!fleetId) return undefined;
  const fix: Fix = {
    vehicleId: row.vehicle_id,
    deviceTime: Number(row.device_time),
    lat: row.lat,
    lon: row.lon,
  };
  const optional: Array<[keyof Fix, unknown]> = [
    ['speedKmh', row.speed_kmh],
    ['heading', row.heading],
    ['accuracyM', row.accuracy_m],
    ['altitudeM', row.altitude_m],
    ['tripId', row.trip_id],
    ['routeId', row.route_id],
    ['engineRpm', row.engine_rpm],
    ['engineLoad', row.engine_load],
    ['engineTemp', row.engine_temp],
    ['fuelLevel', row.fuel_level],
  ];
  for (const [key, value] of optional) {
    if (value !== null && value !== undefined) Object.assign(fix, { [key]: value });
  }
  const state: VehicleState = {
    vehicleId: row.vehicle_id,
    fleetId,
    fix,
    odometerKm: row.odometer_km ?? 0,
    receivedAt: Number(row.received_at),
  };
  return row.heading === null ? state : { ...state, heading: row.heading };
}
