import type { Role } from '../../lib/protocol';
import type { ColumnType, Generated } from 'kysely';

/** Table types of the embedded database; one source of truth for queries. */
export interface Database {
  fleets: FleetTable;
  vehicles: VehicleTable;
  api_keys: ApiKeyTable;
  api_key_fleets: ApiKeyFleetTable;
  positions: PositionTable;
  fleet_metrics: FleetMetricsTable;
  fleet_settings: FleetSettingsTable;
}

export interface FleetSettingsTable {
  fleet_id: string;
  /** The fleet's overrides only, as JSON: defaults are never stored. */
  settings: string;
  /** ISO 8601 UTC of the last change. */
  updated_at: string;
}

export interface FleetMetricsTable {
  fleet_id: string;
  /** ISO 8601 UTC end of the period; with the fleet, the key. */
  period_end: string;
  /** The fleet_metrics payload as JSON. */
  payload: string;
}

export interface FleetTable {
  id: string;
  name: string;
  timezone: string;
  created_at: string;
}

export interface VehicleTable {
  id: string;
  fleet_id: string;
  label: string;
  /** How many device seconds pass per real second (replayed vehicles). */
  time_scale: number;
  created_at: string;
}

export type { Role };

export interface ApiKeyTable {
  id: string;
  key_hash: string;
  role: Role;
  label: string;
  created_at: string;
  revoked_at: string | null;
}

export interface ApiKeyFleetTable {
  key_id: string;
  fleet_id: string;
}

export interface PositionTable {
  id: Generated<number>;
  vehicle_id: string;
  /** Epoch milliseconds, device clock. */
  device_time: ColumnType<number, number, never>;
  received_at: number;
  lat: number;
  lon: number;
  speed_kmh: number | null;
  heading: number | null;
  accuracy_m: number | null;
  altitude_m: number | null;
  trip_id: string | null;
  route_id: string | null;
  odometer_km: number | null;
  engine_rpm: number | null;
  engine_load: number | null;
  engine_temp: number | null;
  fuel_level: number | null;
}
