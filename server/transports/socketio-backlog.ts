import type { Socket } from 'socket.io';
import type { ErrorBody } from '../../lib/protocol';
import type { Logger } from '../log';
import type { PositionBatcher } from '../stream/position-batcher';
import { Backlogs } from '../stream/slow-consumer';
import { batchRoom } from './rooms';
import type { FleetServer } from './socketio';

const SLOW: ErrorBody = {
  code: 'slow_consumer',
  message: 'This connection fell too far behind the stream; reconnect to catch up',
};

/**
 * Sends each fleet's `positions` batch to its dashboards, except those
 * whose connection is backed up (server/stream/slow-consumer.ts): they
 * skip batches while behind, get one batch of every vehicle's newest fix
 * once drained, and are cut with `error` slow_consumer if they stay
 * behind or fall far behind. The batch is still encoded once; a backed-up
 * socket costs only its exclusion from the room's broadcast.
 */
export class BatchSender {
  private readonly backlogs: Backlogs<string>;

  constructor(
    private readonly io: FleetServer,
    private readonly batcher: () => PositionBatcher,
    private readonly log: Logger,
    limits: { maxBufferedBytes?: number; maxHeldMs?: number } = {},
  ) {
    this.backlogs = new Backlogs(limits.maxBufferedBytes, Date.now, limits.maxHeldMs);
  }

  send(fleetId: string, bytes: Uint8Array): void {
    const room = batchRoom(fleetId);
    const nsp = this.io.of('/');
    const skip: string[] = [];
    for (const id of nsp.adapter.rooms.get(room) ?? []) {
      const socket = nsp.sockets.get(id);
      if (!socket) continue;
      const verdict = this.backlogs.judge(id, unsentBytes(socket));
      if (verdict === 'send') continue;
      skip.push(id);
      if (verdict === 'resume') socket.emit('positions', this.batcher().catchUp(fleetId));
      if (verdict === 'cut') this.cut(socket, fleetId);
    }
    const to = this.io.to(room);
    (skip.length > 0 ? to.except(skip) : to).emit('positions', bytes);
  }

  /** Called when a socket leaves, so its verdict does not outlive it. */
  forget(socketId: string): void {
    this.backlogs.forget(socketId);
  }

  /**
   * The goodbye is queued behind the backlog, so a peer that reads again
   * sees why; one that does not is dropped with its connection.
   */
  private cut(socket: Socket, fleetId: string): void {
    const unsent = unsentBytes(socket);
    this.log.warn('slow consumer cut', { fleetId, unsent, transport: 'socket.io' });
    const raw = rawSocketOf(socket);
    socket.emit('error', SLOW);
    socket.disconnect(true);
    if (raw) setTimeout(() => raw.terminate(), 1000).unref();
  }
}

/**
 * Bytes the socket has not handed to the kernel: engine.io's write
 * buffer, which grows while the transport waits on an earlier write, and
 * the WebSocket's own buffered amount. Both are engine.io internals, read
 * through narrow shapes: no public API reports a socket's backlog.
 */
export function unsentBytes(socket: Socket): number {
  const conn = socket.conn as unknown as {
    writeBuffer?: Array<{ data?: unknown }>;
  };
  let n = 0;
  for (const packet of conn.writeBuffer ?? []) n += sizeOf(packet.data);
  return n + (rawSocketOf(socket)?.bufferedAmount ?? 0);
}

interface RawWebSocket {
  bufferedAmount: number;
  terminate(): void;
}

function rawSocketOf(socket: Socket): RawWebSocket | undefined {
  const transport = socket.conn.transport as unknown as {
    name?: string;
    socket?: RawWebSocket;
  };
  return transport.name === 'websocket' ? transport.socket : undefined;
}

function sizeOf(data: unknown): number {
  if (typeof data === 'string') return data.length;
  if (data instanceof ArrayBuffer) return data.byteLength;
  if (ArrayBuffer.isView(data)) return data.byteLength;
  return 0;
}
