import type { ChannelMessages, LocationUpdate } from './envelope';
import type { FleetMetricsPayload } from './events';
import type { AlertActionReply, SocketAlertAction } from './alerts';
import type { AlertRuleList } from './alert-rules';
import type { ErrorBody } from './errors';
import type { RestartNotice } from './restart';
import type { AckData, AlertEnvelope, ResetReason } from './resume';

/** What the browser sends in the Socket.IO handshake. */
export interface SocketAuth {
  apiKey: string;
  fleetId: string;
  /** Where a reconnecting client stands; absent on a first connect. */
  resume?: SocketResume;
  /** Default `binary`. */
  positions?: PositionFormat;
}

/**
 * The last `seq` a client processed in a run of the stream, and whether
 * it confirms critical events with `ack` (then they are sent again until
 * it does).
 */
export interface SocketResume {
  epoch?: string;
  offset?: number;
  ack?: boolean;
}

/**
 * How a socket takes positions: `binary` (the default), one `positions`
 * batch per fleet and window; `json`, one `vehicle_locations` event per
 * fix, as the Bookovia spec shows them.
 */
export type PositionFormat = 'binary' | 'json';

/**
 * How a connection caught up: the events after the client's offset
 * follow the snapshot (`replayed`), or they could not be, and the
 * snapshot replaces what the client held (`reset`).
 */
export type SnapshotResume =
  | { status: 'replayed'; replayed: number }
  | { status: 'reset'; reason: ResetReason; message: string };

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
  /**
   * The stream's sequence number the snapshot stands at. On Socket.IO the
   * events after it follow the snapshot, in order, before live ones.
   */
  seq: number;
  /** The stream run `seq` counts in; send it back in `auth.resume`. */
  epoch?: string;
  /** On Socket.IO: how this connection caught up. */
  resume?: SnapshotResume;
  /**
   * On a Socket.IO reset: the fleet's open alerts, read from the
   * database. Replace the alerts held with these.
   */
  alerts?: AlertEnvelope[];
  vehicles: LocationUpdate[];
  /**
   * On a socket taking binary positions: the fleet's position index,
   * vehicle ids by index, for the `positions` batches that follow.
   */
  positions_index?: string[];
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
  /**
   * The fleet's newest fixes since the last batch, encoded as
   * lib/protocol/position-batch.ts reads them (an ArrayBuffer in the
   * browser, a Buffer in Node).
   */
  positions: (batch: ArrayBuffer | Uint8Array) => void;
  /**
   * Why the server is about to disconnect (`slow_consumer`, or
   * `rate_limited` before a cut for flooding), or a client event refused
   * without an acknowledgement to answer through (`rate_limited`: dropped).
   */
  error: (body: ErrorBody) => void;
  /** The fleet's alert rules, whole, after an admin changed one. */
  'alert-rules': (rules: AlertRuleList) => void;
  /**
   * The server is shutting down: reconnect now rather than wait for the
   * disconnect that follows, which a stock client retries with backoff.
   */
  'server-restart': (notice: RestartNotice) => void;
};

/**
 * Browser → server events. Only admins may act on alerts; every answer
 * comes back through the acknowledgement callback.
 */
export interface ClientToServerEvents {
  /**
   * Confirms every critical event up to a `seq` (`{ offset }`), on a
   * socket that asked for re-delivery with `auth.resume.ack`.
   */
  ack: (data: AckData) => void;
  'alert:ack': (action: SocketAlertAction, reply: (r: AlertActionReply) => void) => void;
  'alert:resolve': (
    action: SocketAlertAction,
    reply: (r: AlertActionReply) => void,
  ) => void;
}

/** The `data` of a refused handshake's `connect_error`. */
export type HandshakeErrorData = ErrorBody;
