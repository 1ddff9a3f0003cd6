import type { AlertLifecycle } from './alerts';
import type { Channel } from './channels';
import type { Envelope } from './envelope';
import type { DriverStatus, Telemetry } from './location';

/**
 * Payloads of the channels the spec shows only in part. The spec names four
 * message types (location_update, trip_event, safety_alert, fleet_metrics);
 * the other channels' types follow the same style and are documented in
 * docs/protocol.md. Units: distances km, speeds km/h, durations seconds,
 * times ISO 8601 UTC.
 */

export interface PlaceRef {
  latitude: number;
  longitude: number;
  /** Filled offline: nearest stop name or area; never an online geocoder. */
  address?: string;
}

export type TripEventName =
  'trip_started' | 'trip_completed' | 'waypoint_reached' | 'stop_detected';

export interface Waypoint {
  waypoint_id: string;
  name?: string;
  location: PlaceRef;
  arrival_time: string;
  planned_time?: string;
  /** Positive: late. Whole minutes, as the spec shows. */
  delay_minutes?: number;
  activity_type: 'pickup' | 'delivery' | 'stop' | 'service';
  /** Seconds spent at the stop, once known. */
  dwell_seconds?: number;
}

export interface TripEventPayload {
  event: TripEventName;
  trip_id: string;
  vehicle_id: string;
  fleet_id: string;
  driver_id?: string;
  route_id?: string;
  waypoint?: Waypoint;
  route_update?: {
    completed_stops: number;
    remaining_stops: number;
    updated_eta?: string;
  };
  /** trip_completed: distance km and duration s. */
  summary?: { distance_km: number; duration_s: number; started_at: string };
}

export type Severity = 'low' | 'medium' | 'high' | 'critical';

export interface SafetyAlertPayload extends AlertLifecycle {
  alert_id: string;
  severity: Severity;
  category: string;
  vehicle_id: string;
  fleet_id: string;
  driver_id?: string;
  trip_id?: string;
  location: PlaceRef;
  event_data: Record<string, number | string>;
  recommended_actions: string[];
  auto_resolved: boolean;
}

export interface MaintenanceAlertPayload extends AlertLifecycle {
  alert_id: string;
  severity: Severity;
  category: string;
  vehicle_id: string;
  fleet_id: string;
  location?: PlaceRef;
  event_data: Record<string, number | string>;
  recommended_actions: string[];
  auto_resolved: boolean;
}

export interface DriverStatusPayload {
  vehicle_id: string;
  fleet_id: string;
  driver_id?: string;
  status: DriverStatus;
  previous_status?: DriverStatus;
  /** Where the status came from: derived from motion, or set through REST. */
  source: 'motion' | 'manual';
  since: string;
}

export interface RouteProgressPayload {
  vehicle_id: string;
  fleet_id: string;
  trip_id: string;
  route_id?: string;
  distance_completed: number;
  distance_remaining: number;
  completion_percentage: number;
  next_stop?: string;
  next_stop_name?: string;
  eta?: string;
  next_stop_eta?: string;
  delay_minutes?: number;
  completed_stops: number;
  remaining_stops: number;
}

export interface TelemetryPayload {
  vehicle_id: string;
  fleet_id: string;
  /** Device time of the newest sample in this message. */
  sampled_at: string;
  telemetry: Telemetry & { speed?: number; maf?: number };
}

export interface FleetMetricsPayload {
  fleet_id: string;
  period: { start: string; end: string };
  metrics: {
    active_vehicles: number;
    total_trips: number;
    completed_deliveries: number;
    average_speed: number;
    fuel_efficiency?: number;
    on_time_percentage?: number;
    safety_score: number;
  };
  alerts_summary: Record<Severity, number>;
  performance_trends: {
    utilization_trend: string;
    efficiency_trend: string;
    safety_trend: string;
  };
}

export type TripEvent = Envelope<'trip_event', 'trip_events', TripEventPayload>;
export type SafetyAlert = Envelope<'safety_alert', 'alerts', SafetyAlertPayload>;
export type MaintenanceAlert = Envelope<
  'maintenance_alert',
  'maintenance_alerts',
  MaintenanceAlertPayload
>;
export type DriverStatusUpdate = Envelope<
  'driver_status',
  'driver_status',
  DriverStatusPayload
>;
export type RouteProgressUpdate = Envelope<
  'route_progress',
  'route_progress',
  RouteProgressPayload
>;
export type TelemetryUpdate = Envelope<'telemetry_update', 'telemetry', TelemetryPayload>;
export type FleetMetrics = Envelope<
  'fleet_metrics',
  'fleet_metrics',
  FleetMetricsPayload
>;

/** The message type each channel carries. */
export const MESSAGE_TYPES: Record<Channel, string> = {
  vehicle_locations: 'location_update',
  trip_events: 'trip_event',
  alerts: 'safety_alert',
  telemetry: 'telemetry_update',
  fleet_metrics: 'fleet_metrics',
  driver_status: 'driver_status',
  route_progress: 'route_progress',
  maintenance_alerts: 'maintenance_alert',
};
