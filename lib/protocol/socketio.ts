import type { ChannelMessages, LocationUpdate } from './envelope';
import type { FleetMetricsPayload } from './events';
import type { AlertActionReply, SocketAlertAction } from './alerts';
import type { AlertRuleList } from './alert-rules';
import type { ErrorBody } from './errors';

/** What the browser sends in the Socket.IO handshake. */
export interface SocketAuth {
  apiKey: string;
  fleetId: string;
}

export interface FleetInfo {
  id: string;
  name: string;
  /** IANA zone the fleet's times are shown in, e.g. America/Chicago. */
  timezone: string;
}

export interface FleetSnapshot {
  fleet_id: string;
  fleet: FleetInfo;
  /** Every vehicle of the fleet with its display label, reporting or not. */
  roster: Array<{ id: string; label: string }>;
  /** ISO 8601 UTC, server time the snapshot was taken. */
  timestamp: string;
  /** The stream's sequence number at the time of the snapshot. */
  seq: number;
  vehicles: LocationUpdate[];
  /** Recent fleet_metrics periods, oldest first. */
  metrics: FleetMetricsPayload[];
}

/**
 * Server → browser events. Each channel is an event carrying the whole
 * Bookovia envelope; `snapshot` arrives once on connect.
 */
export type ServerToClientEvents = {
  [C in keyof ChannelMessages]: (message: ChannelMessages[C]) => void;
} & {
  snapshot: (snapshot: FleetSnapshot) => void;
  /** The fleet's alert rules, whole, after an admin changed one. */
  'alert-rules': (rules: AlertRuleList) => void;
};

/**
 * Browser → server events. Only admins may act on alerts; every answer
 * comes back through the acknowledgement callback.
 */
export interface ClientToServerEvents {
  'alert:ack': (action: SocketAlertAction, reply: (r: AlertActionReply) => void) => void;
  'alert:resolve': (
    action: SocketAlertAction,
    reply: (r: AlertActionReply) => void,
  ) => void;
}

/** The `data` of a refused handshake's `connect_error`. */
export type HandshakeErrorData = ErrorBody;
