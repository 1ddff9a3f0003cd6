import type {
  DriverStatus,
  LocationUpdatePayload,
  RouteProgressPayload,
  Telemetry,
} from '../../lib/protocol';
import { round } from '../../lib/geo/units';
import type { VehicleState } from '../fleet/vehicle-state';

/**
 * Builds the spec's `location_update` payload from a vehicle's state.
 * Fields the vehicle does not report are left out, never sent as zero.
 */
export interface LocationExtras {
  progress?: RouteProgressPayload;
  driverStatus?: DriverStatus;
}

export function toLocationPayload(
  s: VehicleState,
  extras: LocationExtras = {},
): LocationUpdatePayload {
  const { fix } = s;
  const location: LocationUpdatePayload['location'] = {
    latitude: round(fix.lat, 6),
    longitude: round(fix.lon, 6),
  };
  if (fix.accuracyM !== undefined) location.accuracy = round(fix.accuracyM, 1);
  if (fix.altitudeM !== undefined) location.altitude = round(fix.altitudeM, 1);
  if (s.heading !== undefined) location.heading = round(s.heading, 1);
  if (fix.speedKmh !== undefined) location.speed = round(fix.speedKmh, 1);

  const payload: LocationUpdatePayload = {
    vehicle_id: s.vehicleId,
    fleet_id: s.fleetId,
    timestamp: new Date(fix.deviceTime).toISOString(),
    location,
    telemetry: telemetryOf(s),
  };
  if (fix.tripId !== undefined) payload.trip_id = fix.tripId;
  if (fix.routeId !== undefined) payload.route_id = fix.routeId;
  if (extras.driverStatus !== undefined) payload.driver_status = extras.driverStatus;
  const p = extras.progress;
  if (p && p.trip_id === fix.tripId) {
    payload.route_progress = {
      distance_completed: p.distance_completed,
      distance_remaining: p.distance_remaining,
      ...(p.eta !== undefined && { eta: p.eta }),
      ...(p.next_stop !== undefined && { next_stop: p.next_stop }),
    };
  }
  return payload;
}

function telemetryOf(s: VehicleState): Telemetry {
  const { fix } = s;
  const t: Telemetry = { odometer: round(s.odometerKm, 2) };
  if (fix.fuelLevel !== undefined) t.fuel_level = round(fix.fuelLevel, 1);
  if (fix.engineRpm !== undefined) t.engine_rpm = Math.round(fix.engineRpm);
  if (fix.engineTemp !== undefined) t.engine_temp = round(fix.engineTemp, 1);
  if (fix.engineLoad !== undefined) t.engine_load = round(fix.engineLoad, 1);
  return t;
}
