import type {
  AlertAction,
  AlertChannel,
  AlertStatus,
  Role,
  Severity,
} from '../../lib/protocol';
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
  alerts: AlertTable;
  alert_audit: AlertAuditTable;
  alert_requests: AlertRequestTable;
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

/** Every alert raised, open or closed; JSON columns hold payload parts. */
export interface AlertTable {
  id: string;
  fleet_id: string;
  vehicle_id: string;
  driver_id: string | null;
  trip_id: string | null;
  channel: AlertChannel;
  category: string;
  severity: Severity;
  location: string | null;
  event_data: string;
  recommended_actions: string;
  status: AlertStatus;
  occurrences: number;
  /** Device time (ISO 8601 UTC) of the first and the latest episode. */
  raised_at: string;
  last_seen_at: string;
  acknowledged_by: string | null;
  acknowledged_at: string | null;
  acknowledged_note: string | null;
  resolved_by: string | null;
  resolved_at: string | null;
  resolved_note: string | null;
  /** 1 when the engine closed it because the condition cleared. */
  auto_resolved: number;
}

export interface AlertAuditTable {
  id: Generated<number>;
  alert_id: string;
  fleet_id: string;
  action: AlertAction;
  actor: string;
  at: string;
  note: string | null;
  request_id: string | null;
}

/** The first answer to each request id (per actor and alert), replayed on a retry. */
export interface AlertRequestTable {
  actor: string;
  request_id: string;
  alert_id: string;
  action: AlertAction;
  /** The answer as JSON. */
  answer: string;
  created_at: string;
}
