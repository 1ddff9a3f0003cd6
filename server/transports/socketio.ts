import http from 'node:http';
import type { Duplex } from 'node:stream';
import { Server, type Socket } from 'socket.io';
import {
  clip,
  type ClientToServerEvents,
  type ErrorBody,
  type ErrorCode,
  RESTART_EVENT,
  type PositionFormat,
  resumeDataSchema,
  type ResumeData,
  type ServerToClientEvents,
} from '../../lib/protocol';
import type { AlertDesk } from '../alerts/desk';
import type { Principal } from '../auth/api-keys';
import type { SentMeter } from '../http/delivery-metrics';
import type { ConnectionLimit, RateLimit } from '../limits';
import { holdConnection, limitEvents } from '../limits/socketio';
import { withFields, type Logger } from '../log';
import type { StreamHub } from '../stream/hub';
import { PositionBatcher } from '../stream/position-batcher';
import { FOREIGN_ORIGIN, refuseUpgrade } from '../http/origin';
import { sendError } from '../http/respond';
import { batchRoom, fixRoom, fleetRoom, keyRoom } from './rooms';
import type { OpenAlerts, ResumeSource } from './bookovia/resume';
import { handleAlertActions } from './socketio-alerts';
import { BatchSender } from './socketio-backlog';
import { emitEvent, SocketCatchUp } from './socketio-resume';
import type { FleetSnapshotSource } from './snapshot';
import type { WatchFleets } from './watch';

export interface SocketData {
  principal: Principal;
  fleetId: string;
  /** The handshake's `auth.resume`, validated; absent on a first connect. */
  resume?: ResumeData | undefined;
  /** The handshake's `auth.positions`; `binary` when absent. */
  positions: PositionFormat;
}

export type FleetServer = Server<
  ClientToServerEvents,
  ServerToClientEvents,
  Record<string, never>,
  SocketData
>;

export interface SocketIoDeps {
  authenticate: (key: string) => Promise<Principal | null>;
  hub: StreamHub;
  snapshots: FleetSnapshotSource;
  alerts: AlertDesk;
  log: Logger;
  /** Largest message a client may send, bytes. */
  maxMessageBytes?: number;
  /** Recent events, for `auth.resume`; without it every connect is a reset. */
  replay?: ResumeSource;
  /** Open alerts from the database, sent with a reset's snapshot. */
  openAlerts?: OpenAlerts;
  /** Pauses before each re-delivery of an unconfirmed critical event. */
  ackRetryDelaysMs?: readonly number[];
  /**
   * Whether a request (polling or WebSocket upgrade) may proceed; answered
   * 403 `origin_forbidden` otherwise. Everything passes when absent.
   */
  allowRequest?: (req: http.IncomingMessage) => boolean;
  /** Told of each live message emitted to a fleet's room. */
  sent?: SentMeter;
  /** Scale-out: loads a socket's fleet on this node before it is caught up. */
  watch?: WatchFleets | undefined;
  /** How long a fleet's positions gather into one batch, ms (default 100). */
  batchMs?: number;
  /** Unsent bytes before a socket's positions wait (default 1 MiB). */
  maxBufferedBytes?: number;
  /** Longest a socket may stay behind before it is cut (default 30 s). */
  maxHeldMs?: number;
  /** Events each socket may send; unlimited when absent. */
  rateLimit?: RateLimit;
  /** Sockets each key may hold, shared with the other transports. */
  connections?: ConnectionLimit;
}

/**
 * Socket.IO for the dashboard. The browser authenticates in the handshake
 * (`auth: { apiKey, fleetId, resume?, positions? }`), receives a snapshot
 * and the events it missed since `resume`, then is joined to its fleet's
 * room for every envelope of that fleet as an event named after its
 * channel, positions excepted: those come as binary `positions` batches,
 * or one `vehicle_locations` event per fix with `positions: 'json'`
 * (docs/protocol.md, "Socket.IO positions").
 */
export function attachSocketIo(httpServer: http.Server, deps: SocketIoDeps): FleetServer {
  const io: FleetServer = new Server(httpServer, {
    path: '/socket.io',
    serveClient: false,
    // Other upgrade paths (Bookovia, Next's dev socket) are routed elsewhere.
    destroyUpgrade: false,
    maxHttpBufferSize: deps.maxMessageBytes ?? 16 * 1024,
  });
  const allowRequest = deps.allowRequest;
  if (allowRequest) io.engine.use(refuseUnless(allowRequest));

  // Scale-out: what each socket holds of its fleet's shared stream.
  const releases = new WeakMap<object, () => void>();
  const admit = async (socket: Socket) => {
    const data = await authorize(socket, deps);
    const full = deps.connections
      ? holdConnection(deps.connections, socket, data.principal.keyId)
      : null;
    if (full) throw new HandshakeRefusal(full);
    socket.data = data;
    const release = await deps.watch?.([data.fleetId]);
    if (!release) return;
    // Gone while its fleet loaded: it will never connect to release it.
    if (socket.conn.readyState !== 'open') release();
    else releases.set(socket, release);
  };
  io.use((socket, next) => {
    admit(socket).then(
      () => next(),
      (error: unknown) => {
        const code = error instanceof HandshakeRefusal ? error.body.code : 'internal';
        const remote = socket.handshake.address;
        deps.log.info('auth refused', { code, transport: 'socket.io', remote });
        next(toHandshakeError(error));
      },
    );
  });

  const sender = new BatchSender(io, () => batcher, deps.log, deps);
  const batcher = new PositionBatcher({
    ...(deps.batchMs !== undefined && { windowMs: deps.batchMs }),
    send: (fleetId, bytes, fixes) => {
      sender.send(fleetId, bytes);
      const clients = io.sockets.adapter.rooms.get(batchRoom(fleetId))?.size ?? 0;
      for (const fix of fixes) deps.sent?.('socketio', fix, clients);
    },
  });
  httpServer.once('close', () => batcher.stop());
  const catchUp = new SocketCatchUp({ ...deps, positions: batcher });
  io.on('connection', (socket) => {
    const { fleetId, principal, resume } = socket.data;
    const release = releases.get(socket);
    if (release) socket.once('disconnect', release);
    // Revoking a key disconnects its sockets on every node through this room.
    void socket.join(keyRoom(principal.keyId));
    // The socket's id is the connection id: the client sees it as well.
    const log = withFields(deps.log, { conn: socket.id });
    if (deps.rateLimit) limitEvents(socket, deps.rateLimit, log);
    handleAlertActions(socket, deps.alerts, log);
    socket.once('disconnect', () => sender.forget(socket.id));
    catchUp.connect(socket, resume).catch((error: unknown) => {
      log.error('socket.io catch-up failed', { fleetId, error });
      socket.disconnect(true);
    });
    const transport = socket.conn.transport.name;
    log.debug('socket.io connected', { fleetId, keyId: principal.keyId, transport });
    socket.on('disconnect', (reason) => log.debug('socket.io closed', { reason }));
    socket.on('error', (error) => log.warn('socket.io error', { error }));
  });

  const epoch = deps.replay?.epoch;
  // Local only: with several nodes each one delivers its own copy of the
  // shared stream (server/cluster/stream.ts), so the adapter must not.
  deps.hub.subscribe(({ fleetId, message }) => {
    if (message.channel === 'vehicle_locations') {
      batcher.offer(fleetId, message);
      if (hasLocalMembers(io, fixRoom(fleetId))) {
        sender.sendFix(fleetId, message, epoch);
      }
      return;
    }
    // The client drops what is older than the last event it saw, by seq:
    // the positions published before this event must reach it first.
    batcher.flush(fleetId);
    const room = fleetRoom(fleetId);
    emitEvent(io.local.to(room), message, epoch);
    deps.sent?.('socketio', message, io.sockets.adapter.rooms.get(room)?.size ?? 0);
  });
  // Rules are not a stream channel: only dashboards hear of their changes,
  // on every node through the adapter.
  deps.alerts.onRules((rules) => {
    batcher.flush(rules.fleet_id);
    io.to(fleetRoom(rules.fleet_id)).emit('alert-rules', rules);
  });
  return io;
}

/**
 * Tells every client the server is going away, then drops its connection
 * without Socket.IO's own disconnect packet: that one means "do not come
 * back", while a lost transport is retried by every client, the stock one
 * included. The engine sends the event before it closes the transport.
 */
export function announceRestart(io: FleetServer): void {
  const notice = { message: 'The server is restarting; reconnect now' };
  for (const socket of io.of('/').sockets.values()) {
    socket.emit(RESTART_EVENT, notice);
    socket.conn.close();
  }
}

/**
 * Whether this server holds a socket in the room. Every fix would be
 * serialised for nothing otherwise; most fleets have no JSON socket.
 */
function hasLocalMembers(io: FleetServer, room: string): boolean {
  return (io.of('/').adapter.rooms.get(room)?.size ?? 0) > 0;
}

/** A handshake turned away, with the body the client receives as `err.data`. */
export class HandshakeRefusal extends Error {
  constructor(readonly body: ErrorBody) {
    super(body.message);
  }
}

/** Reads and checks the handshake's `auth`; throws a HandshakeRefusal when it fails. */
export async function authorize(
  socket: Pick<Socket, 'handshake'>,
  deps: Pick<SocketIoDeps, 'authenticate'>,
): Promise<SocketData> {
  const auth: unknown = socket.handshake.auth;
  const { apiKey, fleetId, resume, positions } = (auth ?? {}) as Record<string, unknown>;
  if (typeof apiKey !== 'string' || apiKey.length === 0) {
    throw refusal('missing_api_key', 'Send your API key as auth.apiKey in the handshake');
  }
  if (typeof fleetId !== 'string' || fleetId.length === 0) {
    throw refusal('invalid_message', 'Send the fleet to stream as auth.fleetId');
  }
  const parsed = resumeDataSchema.safeParse(resume ?? {});
  if (!parsed.success || parsed.data.offsets !== undefined) {
    const text =
      'Send auth.resume as {epoch?: string, offset?: integer ≥ 0, ack?: boolean}';
    throw refusal('invalid_message', text);
  }
  if (positions !== undefined && positions !== 'binary' && positions !== 'json') {
    throw refusal('invalid_message', 'Send auth.positions as "binary" or "json"');
  }
  const principal = await deps.authenticate(apiKey);
  if (!principal) throw refusal('invalid_api_key', 'The API key is unknown or revoked');
  if (!principal.fleets.has(fleetId)) {
    throw refusal('fleet_forbidden', `This key may not read fleet ${clip(fleetId)}`);
  }
  return {
    principal,
    fleetId,
    resume: resume === undefined ? undefined : parsed.data,
    positions: positions ?? 'binary',
  };
}

function refusal(code: ErrorCode, message: string): HandshakeRefusal {
  return new HandshakeRefusal({ code, message });
}

function toHandshakeError(error: unknown): Error & { data?: ErrorBody } {
  if (error instanceof HandshakeRefusal) {
    return Object.assign(new Error(error.body.message), { data: error.body });
  }
  const body: ErrorBody = {
    code: 'internal',
    message: 'The server could not authenticate',
  };
  return Object.assign(new Error(body.message), { data: body });
}

/**
 * An engine middleware: it sees every polling request and every upgrade.
 * Its own `allowRequest` option cannot do this job: it answers a refused
 * upgrade with 400, and only checks handshakes. On an upgrade `res` is
 * engine.io's stand-in whose `end()` just destroys the socket, so the 403
 * is written on the raw socket. A refused request never calls `next`.
 */
function refuseUnless(allow: (req: http.IncomingMessage) => boolean) {
  return (
    req: http.IncomingMessage,
    res: http.ServerResponse,
    next: (err?: Error) => void,
  ) => {
    if (allow(req)) return next();
    if (res instanceof http.ServerResponse) {
      sendError(res, 'origin_forbidden', FOREIGN_ORIGIN);
    } else {
      refuseUpgrade(req.socket as Duplex, FOREIGN_ORIGIN);
    }
  };
}
