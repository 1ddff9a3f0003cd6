import type {
  AlertAction,
  AlertChannel,
  AlertStatus,
  AuditAction,
  DeliveryStatus,
  DeviceKind,
  NotifyEvent,
  Role,
  RuleAuditAction,
  RuleGroup,
  Severity,
  TargetKind,
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
  alert_rules: AlertRuleTable;
  alert_rule_audit: AlertRuleAuditTable;
  notify_targets: NotifyTargetTable;
  notify_deliveries: NotifyDeliveryTable;
  devices: DeviceTable;
  ingest_keys: IngestKeyTable;
  gtfs_feeds: GtfsFeedTable;
  wall_tokens: WallTokenTable;
  server_secrets: ServerSecretTable;
}

/** Secrets every node on one database shares, generated once (server/db/secrets.ts). */
export interface ServerSecretTable {
  name: string;
  /** base64url; never logged, never served. */
  value: string;
  created_at: string;
}

/**
 * What a rotated key keeps of its old secret: the old hash, accepted
 * until `previous_until` (ISO 8601 UTC). Both null when there is none.
 */
export interface RotatedKeyColumns {
  previous_hash: string | null;
  previous_until: string | null;
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

export interface ApiKeyTable extends RotatedKeyColumns {
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
  /** 0 until the first escalation; at most MAX_ESCALATION_LEVEL. */
  escalation_level: ColumnType<number, number | undefined, number>;
  /** Server times (ISO 8601 UTC), like every column below. */
  escalated_at: string | null;
  /** The next escalation, while one is planned; the scheduler's index. */
  escalate_at: string | null;
  cleared_at: string | null;
  /** When the rule's auto-resolve is due; the scheduler's other index. */
  auto_resolve_at: string | null;
  /** When the alert was first stored; null for alerts from before 0006. */
  opened_at: string | null;
}

export interface AlertAuditTable {
  id: Generated<number>;
  alert_id: string;
  fleet_id: string;
  action: AuditAction;
  actor: string;
  at: string;
  note: string | null;
  request_id: string | null;
  /** The level an `escalate` entry reached; null for other actions. */
  escalation_level: number | null;
}

/**
 * A fleet's rule for a category, stored only once an admin changes it. A
 * null column keeps the default (`defaultRule`); JSON columns hold lists.
 */
export interface AlertRuleTable {
  fleet_id: string;
  category: string;
  rule_group: RuleGroup | null;
  severity: Severity | null;
  notify_channels: string | null;
  escalation_delay_s: number | null;
  /** 1 or 0. */
  auto_resolve: number | null;
  auto_resolve_after_s: number | null;
  actions: string | null;
  updated_by: string;
  updated_at: string;
}

/** Every change of a rule, by whom and when. */
export interface AlertRuleAuditTable {
  id: Generated<number>;
  fleet_id: string;
  category: string;
  action: RuleAuditAction;
  actor: string;
  at: string;
  /** The patch a `rule_update` sent, as JSON. */
  changes: string | null;
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

/** Where a fleet's notices go: a webhook URL or an e-mail address. */
export interface NotifyTargetTable {
  id: string;
  fleet_id: string;
  kind: TargetKind;
  address: string;
  /**
   * A webhook's signing key (64 hex digits), shown once when created and
   * kept in the clear because every delivery is signed with it; null for
   * e-mail.
   */
  secret: string | null;
  /** 0: on raising; N: after the Nth escalation. */
  tier: number;
  min_severity: Severity;
  /** 1 or 0. */
  enabled: number;
  created_by: string;
  created_at: string;
}

/** The delivery log; pending rows are the retry queue, across restarts. */
export interface NotifyDeliveryTable {
  id: string;
  target_id: string;
  fleet_id: string;
  /** Null for a test notice. */
  alert_id: string | null;
  event: NotifyEvent;
  /** What is sent as JSON: the webhook payload less `sent_at`, or the e-mail. */
  body: string;
  attempts: number;
  status: DeliveryStatus;
  /** Server time (ISO 8601 UTC) of the next attempt; null once settled. */
  next_attempt_at: string | null;
  last_error: string | null;
  /** HTTP status or SMTP reply code of the last attempt. */
  last_status: number | null;
  created_at: string;
  delivered_at: string | null;
}

/** A device an admin registered: the vehicle its reports move. */
export interface DeviceTable {
  device_id: string;
  fleet_id: string;
  vehicle_id: string;
  label: string;
  kind: DeviceKind;
  created_by: string;
  created_at: string;
}

/** A key that may only send positions into one fleet; stored hashed. */
export interface IngestKeyTable extends RotatedKeyColumns {
  id: string;
  key_hash: string;
  fleet_id: string;
  label: string;
  created_by: string;
  created_at: string;
  revoked_at: string | null;
}

/** The GTFS-realtime VehiclePositions feed a fleet polls, at most one. */
export interface GtfsFeedTable {
  fleet_id: string;
  url: string;
  interval_s: number;
  vehicle_prefix: string;
  updated_by: string;
  updated_at: string;
}

/** Which API keys are wall display tokens (server/db/wall-tokens.ts). */
export interface WallTokenTable {
  key_id: string;
  fleet_id: string;
  label: string;
  created_by: string;
}
