import type { Socket } from 'socket.io';
import type WebSocket from 'ws';
import type { ErrorBody, LocationUpdate } from '../../lib/protocol';
import type { Logger } from '../log';
import type { PositionBatcher } from '../stream/position-batcher';
import { Backlogs } from '../stream/slow-consumer';
import { binaryFrame, textFrame, writeShared } from './bookovia/frames';
import { batchRoom, fixRoom } from './rooms';
import type { FleetServer } from './socketio';
import { emitEvent } from './socketio-resume';

const SLOW: ErrorBody = {
  code: 'slow_consumer',
  message: 'This connection fell too far behind the stream; reconnect to catch up',
};

/**
 * What Socket.IO sends for `emit('positions', bytes)` on a WebSocket: an
 * Engine.IO message (4) holding a Socket.IO binary event (5) with one
 * attachment (1-), its placeholder; then the attachment as a binary frame.
 */
const POSITIONS_HEADER = textFrame('451-["positions",{"_placeholder":true,"num":0}]');

/**
 * Sends each fleet's `positions` batch to the dashboards this server
 * holds, framed once: every socket whose WebSocket is idle gets the same
 * bytes, written straight to its TCP stream (one write per socket and
 * window); the others (long polling, mid-upgrade, a queue in Engine.IO)
 * get a normal `emit`, which keeps their order. Dashboards whose
 * connection is backed up (server/stream/slow-consumer.ts) skip batches
 * while behind, get one batch of every vehicle's newest fix once drained,
 * and are cut with `error` slow_consumer if they stay or fall far behind.
 */
export class BatchSender {
  private readonly backlogs: Backlogs<string>;
  /** JSON-positions sockets behind: each vehicle's newest fix, by socket id. */
  private readonly held = new Map<string, Map<string, LocationUpdate>>();

  constructor(
    private readonly io: FleetServer,
    private readonly batcher: () => PositionBatcher,
    private readonly log: Logger,
    limits: { maxBufferedBytes?: number; maxHeldMs?: number } = {},
  ) {
    this.backlogs = new Backlogs(limits.maxBufferedBytes, Date.now, limits.maxHeldMs);
  }

  send(fleetId: string, bytes: Uint8Array): void {
    const nsp = this.io.of('/');
    let frame: Buffer | undefined;
    for (const id of nsp.adapter.rooms.get(batchRoom(fleetId)) ?? []) {
      const socket = nsp.sockets.get(id);
      if (!socket) continue;
      const verdict = this.backlogs.judge(id, unsentBytes(socket));
      if (verdict === 'send') {
        frame ??= Buffer.concat([POSITIONS_HEADER, binaryFrame(bytes)]);
        if (!writeIdle(socket, frame)) socket.emit('positions', bytes);
      }
      if (verdict === 'resume') socket.emit('positions', this.batcher().catchUp(fleetId));
      if (verdict === 'cut') this.cut(socket, fleetId);
    }
  }

  /**
   * Sends one fix to the fleet's dashboards that asked for JSON positions,
   * under the same bounds as batches: a socket behind keeps only each
   * vehicle's newest fix, sent once it drains; one that stays or falls far
   * behind is cut.
   */
  sendFix(fleetId: string, fix: LocationUpdate, epoch: string | undefined): void {
    const nsp = this.io.of('/');
    const vehicleId = fix.payload.vehicle_id;
    for (const id of nsp.adapter.rooms.get(fixRoom(fleetId)) ?? []) {
      const socket = nsp.sockets.get(id);
      if (!socket) continue;
      const verdict = this.backlogs.judge(id, unsentBytes(socket));
      if (verdict === 'cut') {
        this.held.delete(id);
        this.cut(socket, fleetId);
        continue;
      }
      if (verdict === 'hold') {
        let held = this.held.get(id);
        if (!held) this.held.set(id, (held = new Map()));
        held.set(vehicleId, fix);
        continue;
      }
      if (verdict === 'resume') {
        for (const [vehicle, newest] of this.held.get(id) ?? []) {
          if (vehicle !== vehicleId) emitEvent(socket, newest, epoch);
        }
        this.held.delete(id);
      }
      emitEvent(socket, fix, epoch);
    }
  }

  /** Called when a socket leaves, so its verdict does not outlive it. */
  forget(socketId: string): void {
    this.backlogs.forget(socketId);
    this.held.delete(socketId);
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
 * Writes the frame if nothing of the socket waits in Engine.IO: all it
 * sent before is then in the WebSocket's stream already, so the batch
 * cannot overtake an event. False when it must be emitted instead.
 */
function writeIdle(socket: Socket, frame: Buffer): boolean {
  const conn = socket.conn as unknown as { writeBuffer?: unknown[]; readyState?: string };
  if (conn.readyState !== 'open' || (conn.writeBuffer?.length ?? 1) > 0) return false;
  const raw = rawSocketOf(socket);
  return raw !== undefined && writeShared(raw as unknown as WebSocket, frame);
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
