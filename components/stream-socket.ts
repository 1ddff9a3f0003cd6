import { io } from 'socket.io-client';
import { SocketPosition } from '@/lib/client/socket-position';
import { PositionFixes } from '@/lib/fleet/position-fixes';
import { CHANNELS, type HandshakeErrorData, type StreamMessage } from '@/lib/protocol';
import type { StreamEvent } from '@/lib/store/apply-stream';
import type { ConnectionStatus, RetryState } from '@/lib/store/fleet-store';
import type { FleetSocket } from './fleet-store-context';

/** Refusals that retrying cannot fix. */
const FINAL = new Set(['invalid_api_key', 'missing_api_key', 'fleet_forbidden']);

export interface StreamSocketHandlers {
  /** Every event that is new to this page, in stream order. */
  onEvent(e: StreamEvent): void;
  onConnection(status: ConnectionStatus, detail?: string | null): void;
  /** Reconnection progress while not live; null once connected. */
  onRetry?(retry: RetryState | null): void;
}

/**
 * The fleet's Socket.IO connection, held by the leading tab: it resumes
 * from where the page stands after every reconnect, drops what it has
 * already seen, and confirms critical alerts (docs/RELIABILITY.md).
 * Returns the socket; `disconnect()` ends it.
 */
export function openStreamSocket(
  apiKey: string,
  fleetId: string,
  on: StreamSocketHandlers,
): FleetSocket {
  const position = new SocketPosition(fleetId, (offset) =>
    socket.emit('ack', { offset }),
  );
  // A function, so every reconnect sends where the page stands then.
  const socket: FleetSocket = io({
    auth: (cb) => cb({ apiKey, fleetId, resume: position.resume() }),
  });

  on.onConnection('connecting', 'Connecting to the server…');
  let attempt = 0;
  socket.on('connect', () => {
    attempt = 0;
    on.onRetry?.(null);
    on.onConnection('live');
  });
  socket.io.on('reconnect_attempt', (n) => {
    attempt = n;
    on.onRetry?.({ attempt: n, nextAt: null });
  });
  socket.io.on('reconnect_error', () => {
    attempt += 1;
    on.onRetry?.({ attempt, nextAt: Date.now() + retryDelay(attempt) });
  });
  const fixes = new PositionFixes(fleetId);
  socket.on('snapshot', (data) => {
    position.snapshot(data);
    fixes.snapshot(data);
    on.onEvent({ name: 'snapshot', data });
  });
  socket.on('positions', (bytes) => {
    const read = fixes.read(bytes);
    // A batch that cannot be read is dropped: positions are latest-state,
    // so the next batch puts every vehicle that moves back in place.
    if (read.ok && read.fixes.length > 0) {
      on.onEvent({ name: 'positions', data: read.fixes });
    }
  });
  for (const name of CHANNELS) {
    const take = (data: StreamMessage) => {
      if (position.admit(data)) on.onEvent({ name, data } as StreamEvent);
    };
    // `take` reads any channel's message; one name stands for the union.
    socket.on(name as 'alerts', take);
  }
  socket.on('alert-rules', (data) => on.onEvent({ name: 'alert-rules', data }));
  socket.on('connect_error', (error: Error & { data?: HandshakeErrorData }) => {
    const code = error.data?.code;
    if (code && FINAL.has(code)) {
      on.onConnection('unauthorized', error.data?.message ?? error.message);
      return;
    }
    if (!socket.active) socket.connect();
    on.onConnection('reconnecting', 'Cannot reach the server; retrying…');
  });
  // The server is draining and drops this connection next; it stopped
  // accepting first, so reconnecting now reaches a node still serving,
  // without Socket.IO's backoff in between. Resumes like any reconnect.
  socket.on('server-restart', () => {
    on.onConnection('reconnecting', 'The server is restarting; reconnecting…');
    socket.disconnect().connect();
  });
  socket.on('disconnect', (reason) => {
    if (reason === 'io client disconnect') return;
    // The server ended this session (a revoked key): Socket.IO never
    // retries that, so try once; the handshake says whether it is final.
    if (reason === 'io server disconnect') socket.connect();
    attempt = 1;
    on.onRetry?.({ attempt, nextAt: Date.now() + retryDelay(attempt) });
    on.onConnection('reconnecting', 'Connection lost; reconnecting…');
  });
  return socket;
}

/**
 * When Socket.IO's next reconnection attempt is about due: its backoff
 * doubles from `reconnectionDelay` (1 s) up to `reconnectionDelayMax`
 * (5 s), give or take its 50 % jitter, so a banner can count down.
 */
export function retryDelay(attempt: number): number {
  return Math.min(5000, 1000 * 2 ** Math.max(0, attempt - 1));
}
