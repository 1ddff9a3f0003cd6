import http from 'node:http';
import type { Duplex } from 'node:stream';
import { Server, type Socket } from 'socket.io';
import {
  clip,
  type ClientToServerEvents,
  type ErrorBody,
  type ErrorCode,
  resumeDataSchema,
  type ResumeData,
  type ServerToClientEvents,
} from '../../lib/protocol';
import type { AlertDesk } from '../alerts/desk';
import type { Principal } from '../auth/api-keys';
import type { ConnectionLimit, RateLimit } from '../limits';
import { holdConnection, limitEvents } from '../limits/socketio';
import type { Logger } from '../log';
import type { StreamHub } from '../stream/hub';
import { FOREIGN_ORIGIN, refuseUpgrade } from '../http/origin';
import { sendError } from '../http/respond';
import { fleetRoom } from './rooms';
import type { OpenAlerts, ResumeSource } from './bookovia/resume';
import { handleAlertActions } from './socketio-alerts';
import { emitEvent, SocketCatchUp } from './socketio-resume';
import type { FleetSnapshotSource } from './snapshot';

export interface SocketData {
  principal: Principal;
  fleetId: string;
  /** The handshake's `auth.resume`, validated; absent on a first connect. */
  resume?: ResumeData | undefined;
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
  /** Events each socket may send; unlimited when absent. */
  rateLimit?: RateLimit;
  /** Sockets each key may hold, shared with the other transports. */
  connections?: ConnectionLimit;
}

/**
 * Socket.IO for the dashboard. The browser authenticates in the handshake
 * (`auth: { apiKey, fleetId, resume? }`), receives a snapshot and the
 * events it missed since `resume`, then is joined to its fleet's room for
 * every envelope of that fleet as an event named after its channel.
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

  io.use((socket, next) => {
    authorize(socket, deps).then(
      (data) => {
        const full = deps.connections
          ? holdConnection(deps.connections, socket, data.principal.keyId)
          : null;
        if (full) {
          const remote = socket.handshake.address;
          deps.log.info('auth refused', {
            code: full.code,
            transport: 'socket.io',
            remote,
          });
          return next(toHandshakeError(new HandshakeRefusal(full)));
        }
        socket.data = data;
        next();
      },
      (error: unknown) => {
        const code = error instanceof HandshakeRefusal ? error.body.code : 'internal';
        const remote = socket.handshake.address;
        deps.log.info('auth refused', { code, transport: 'socket.io', remote });
        next(toHandshakeError(error));
      },
    );
  });

  const catchUp = new SocketCatchUp(deps);
  io.on('connection', (socket) => {
    const { fleetId, principal, resume } = socket.data;
    if (deps.rateLimit) limitEvents(socket, deps.rateLimit, deps.log);
    handleAlertActions(socket, deps.alerts, deps.log);
    catchUp.connect(socket, resume).catch((error: unknown) => {
      deps.log.error('socket.io catch-up failed', { fleetId, error });
      socket.disconnect(true);
    });
    deps.log.debug('socket.io connected', { fleetId, keyId: principal.keyId });
  });

  const epoch = deps.replay?.epoch;
  deps.hub.subscribe(({ fleetId, message }) => {
    emitEvent(io.to(fleetRoom(fleetId)), message, epoch);
  });
  // Rules are not a stream channel: only dashboards hear of their changes.
  deps.alerts.onRules((rules) => {
    io.to(fleetRoom(rules.fleet_id)).emit('alert-rules', rules);
  });
  return io;
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
  const { apiKey, fleetId, resume } = (auth ?? {}) as Record<string, unknown>;
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
  const principal = await deps.authenticate(apiKey);
  if (!principal) throw refusal('invalid_api_key', 'The API key is unknown or revoked');
  if (!principal.fleets.has(fleetId)) {
    throw refusal('fleet_forbidden', `This key may not read fleet ${clip(fleetId)}`);
  }
  return { principal, fleetId, resume: resume === undefined ? undefined : parsed.data };
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
