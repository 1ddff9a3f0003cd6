import type { ChannelMessages, LocationUpdate } from './envelope';
import type { ErrorBody } from './errors';

/** What the browser sends in the Socket.IO handshake. */
export interface SocketAuth {
  apiKey: string;
  fleetId: string;
}

export interface FleetSnapshot {
  fleet_id: string;
  /** ISO 8601 UTC, server time the snapshot was taken. */
  timestamp: string;
  /** The stream's sequence number at the time of the snapshot. */
  seq: number;
  vehicles: LocationUpdate[];
}

/**
 * Server → browser events. Each channel is an event carrying the whole
 * Bookovia envelope; `snapshot` arrives once on connect.
 */
export type ServerToClientEvents = {
  [C in keyof ChannelMessages]: (message: ChannelMessages[C]) => void;
} & {
  snapshot: (snapshot: FleetSnapshot) => void;
};

export type ClientToServerEvents = Record<string, never>;

/** The `data` of a refused handshake's `connect_error`. */
export type HandshakeErrorData = ErrorBody;
