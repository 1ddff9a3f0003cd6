import type { Socket } from 'socket.io';
import { clip, type ErrorBody } from '../../lib/protocol';
import type { Logger } from '../log';
import type { ConnectionLimit } from './connections';
import { CONNECTION_RETRY_AFTER_S } from './connections';
import { FloodGuard, type RateLimit } from './flood-guard';

/** The part of a Socket.IO socket the limits use. */
type LimitedSocket = Pick<Socket, 'use' | 'emit' | 'disconnect' | 'once' | 'conn'> & {
  handshake: { address: string };
};

/**
 * Takes a slot of `keyId`'s connections for this socket until it goes,
 * or answers the refusal to hand the handshake's `connect_error`. The slot
 * is given back on the engine connection's close as well as on disconnect:
 * a client gone between the middleware and the connect never disconnects.
 */
export function holdConnection(
  limit: ConnectionLimit,
  socket: Pick<Socket, 'once' | 'conn'>,
  keyId: string,
): ErrorBody | null {
  const release = limit.acquire(keyId);
  if (!release) {
    return {
      code: 'too_many_connections',
      message: `This key already holds ${limit.perKey} connections to this server: close one, then retry`,
      retry_after_ms: CONNECTION_RETRY_AFTER_S * 1000,
    };
  }
  socket.once('disconnect', release);
  socket.conn.once('close', release);
  return null;
}

/**
 * Every client event through a FloodGuard. An event over the rate is
 * dropped and answered `rate_limited` through its acknowledgement, or as
 * an `error` event when it has none; a client that keeps flooding gets one
 * last `error` and is disconnected.
 */
export function limitEvents(socket: LimitedSocket, rate: RateLimit, log: Logger): void {
  const guard = new FloodGuard(rate);
  socket.use((packet, next) => {
    const verdict = guard.check(() => packet[0] === 'ack');
    if (verdict.kind === 'pass') return next();

    const event = typeof packet[0] === 'string' ? clip(packet[0]) : '?';
    if (verdict.kind === 'throttle') {
      const body: ErrorBody = {
        code: 'rate_limited',
        message: `Over ${rate.perSecond} events a second: "${event}" was dropped`,
        retry_after_ms: verdict.retryAfterMs,
      };
      const reply = packet.at(-1);
      if (typeof reply === 'function') reply({ ok: false, error: body });
      else socket.emit('error', body);
      return;
    }
    if (!socket.conn || socket.conn.readyState !== 'open') return;
    log.warn('flooding client cut', {
      transport: 'socket.io',
      remote: socket.handshake.address,
    });
    socket.emit('error', {
      code: 'rate_limited',
      message: 'Kept sending over the rate limit: disconnecting',
    });
    socket.disconnect(true);
  });
}
