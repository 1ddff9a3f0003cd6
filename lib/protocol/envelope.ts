import type { Channel } from './channels';
import type {
  DriverStatusUpdate,
  FleetMetrics,
  MaintenanceAlert,
  RouteProgressUpdate,
  SafetyAlert,
  TelemetryUpdate,
  TripEvent,
} from './events';
import type { LocationUpdatePayload } from './location';

/**
 * A server → client message as the spec shows it, plus `seq`: a number that
 * grows by one for every message of a fleet's stream, so a client can order,
 * de-duplicate and resume. Clients written to the spec ignore it.
 */
export interface Envelope<T extends string, C extends Channel | undefined, P> {
  type: T;
  /** Unique per message. */
  id: string;
  /** ISO 8601 UTC: when the thing the message reports happened. */
  timestamp: string;
  channel: C;
  seq?: number;
  /**
   * The stream run `seq` counts in, on Socket.IO only: a `seq` means
   * something only with its epoch (docs/protocol.md, Socket.IO).
   */
  epoch?: string;
  payload: P;
}

export type LocationUpdate = Envelope<
  'location_update',
  'vehicle_locations',
  LocationUpdatePayload
>;

/** Every channel message the server streams, keyed by channel. */
export interface ChannelMessages {
  vehicle_locations: LocationUpdate;
  trip_events: TripEvent;
  alerts: SafetyAlert;
  telemetry: TelemetryUpdate;
  fleet_metrics: FleetMetrics;
  driver_status: DriverStatusUpdate;
  route_progress: RouteProgressUpdate;
  maintenance_alerts: MaintenanceAlert;
}

export type StreamMessage = ChannelMessages[keyof ChannelMessages];
