/**
 * How a server that is shutting down tells its clients to reconnect, on
 * each transport. The process stops accepting connections first, so a
 * client that reconnects at once reaches another node behind the
 * balancer, or this one once it has restarted.
 */

/** RFC 6455 §7.4.1 "Service Restart": the Bookovia sockets' goodbye. */
export const RESTART_CLOSE_CODE = 1012;

/** The close reason beside 1012; well inside a close frame's 123 bytes. */
export const RESTART_CLOSE_REASON = 'Server restarting; reconnect';

/** The Socket.IO event sent just before the server drops the connection. */
export const RESTART_EVENT = 'server-restart';

/** The `server-restart` event's data. */
export interface RestartNotice {
  message: string;
}
