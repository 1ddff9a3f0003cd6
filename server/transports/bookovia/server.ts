import { randomUUID } from 'node:crypto';
import type http from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import { RESTART_CLOSE_CODE, RESTART_CLOSE_REASON } from '../../../lib/protocol';
import { withFields } from '../../log';
import type { StreamHub } from '../../stream/hub';
import { parseEndpoint } from './endpoint';
import { SharedFrame } from './frames';
import { BookoviaSession, type SessionDeps } from './session';

/** The largest frame a client may send by default (64 KiB). */
export const DEFAULT_MAX_PAYLOAD_BYTES = 64 * 1024;

/** The default ping period: well inside the 60 s idle cut of common proxies. */
export const DEFAULT_HEARTBEAT_MS = 25_000;

type OptionalDeps =
  'maxPayloadBytes' | 'recentAlerts' | 'latestMetrics' | 'compressAboveBytes';

export interface BookoviaOptions extends Omit<SessionDeps, OptionalDeps | 'admitted'> {
  hub: StreamHub;
  /** A fleet's active and recent alerts for `request` (default: none). */
  recentAlerts?: SessionDeps['recentAlerts'];
  /** A fleet's latest metrics period for `request` (default: none). */
  latestMetrics?: SessionDeps['latestMetrics'];
  /**
   * permessage-deflate (RFC 7692), offered to clients that ask for it, for
   * messages larger than `threshold` bytes; smaller ones cost more CPU to
   * compress than they save on the wire. Off when absent (the default).
   */
  compression?: { threshold: number };
  /**
   * Largest frame a client may send (default 64 KiB); a larger one closes
   * the socket with 1009 and is logged at warn as "payload too large".
   */
  maxPayloadBytes?: number;
  /** Ping period (default 25 s); a peer that misses one whole period is dropped. */
  heartbeatMs?: number;
}

export interface BookoviaServer {
  /** Takes the upgrade if the path is a Bookovia endpoint; false otherwise. */
  handleUpgrade(req: http.IncomingMessage, socket: Duplex, head: Buffer): boolean;
  /**
   * Says goodbye to every client with 1012 (Service Restart), which every
   * client retries; resolves once all are gone.
   */
  close(): Promise<void>;
  readonly sessions: ReadonlySet<BookoviaSession>;
}

/**
 * The Bookovia WebSocket endpoints. Pings every `heartbeatMs` (25 s by
 * default) keep idle connections alive behind proxies that cut sockets
 * silent for 60 s, and find peers that vanished without a close.
 */
export function createBookoviaServer(opts: BookoviaOptions): BookoviaServer {
  const maxPayloadBytes = opts.maxPayloadBytes ?? DEFAULT_MAX_PAYLOAD_BYTES;
  const deps: SessionDeps = {
    recentAlerts: () => [],
    latestMetrics: () => undefined,
    ...opts,
    maxPayloadBytes,
    compressAboveBytes: opts.compression?.threshold ?? null,
  };
  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: maxPayloadBytes,
    perMessageDeflate: deflateOptions(opts.compression),
  });
  const sessions = new Set<BookoviaSession>();
  const routes = new FleetRoutes();
  deps.admitted = (session, fleets) => routes.set(session, fleets);
  const unsubscribe = opts.hub.subscribe((p) => {
    const shared = new SharedFrame(p);
    for (const s of routes.readers(p.fleetId)) s.deliver(p, shared);
  });

  const heartbeat = setInterval(() => {
    for (const client of wss.clients) {
      const session = sessionOf.get(client);
      if (!session) continue;
      if (!session.alive) {
        client.terminate();
        continue;
      }
      session.alive = false;
      client.ping();
    }
  }, opts.heartbeatMs ?? DEFAULT_HEARTBEAT_MS);
  heartbeat.unref();

  const sessionOf = new WeakMap<object, BookoviaSession>();

  return {
    sessions,
    handleUpgrade(req, socket, head) {
      const url = new URL(req.url ?? '/', 'http://localhost');
      const endpoint = parseEndpoint(url.pathname);
      if (!endpoint) return false;
      wss.handleUpgrade(req, socket, head, (ws) => {
        const log = withFields(opts.log, { conn: randomUUID() });
        const q = url.searchParams;
        const apiKey = q.get('api_key') ?? undefined;
        const fleetId = q.get('fleet_id') ?? undefined;
        const subs = q.get('subscriptions')?.split(',').filter(Boolean);
        const remoteAddress = req.socket.remoteAddress;
        const session = new BookoviaSession(
          ws,
          {
            endpoint,
            ...(apiKey !== undefined && { apiKey }),
            ...(fleetId !== undefined && { fleetId }),
            ...(subs !== undefined && { subscriptions: subs }),
            ...(remoteAddress !== undefined && { remoteAddress }),
          },
          { ...deps, log },
        );
        sessionOf.set(ws, session);
        sessions.add(session);
        log.debug('websocket connected', {
          endpoint: endpoint.kind,
          remote: remoteAddress,
        });
        ws.on('close', (code) => {
          sessions.delete(session);
          routes.remove(session);
          log.debug('websocket closed', { code });
        });
      });
      return true;
    },
    close() {
      clearInterval(heartbeat);
      unsubscribe();
      const clients = [...wss.clients];
      for (const client of clients) {
        client.close(RESTART_CLOSE_CODE, RESTART_CLOSE_REASON);
      }
      // A peer that does not answer the close frame within a second is cut.
      const cut = setTimeout(() => clients.forEach((c) => c.terminate()), 1000);
      return new Promise((resolve) => {
        wss.close(() => {
          clearTimeout(cut);
          resolve();
        });
      });
    },
  };
}

/**
 * The sessions that read each fleet, so a message is offered only to
 * them: with a thousand sockets over a hundred fleets, offering every
 * message to every session cost more than sending it.
 */
class FleetRoutes {
  private readonly byFleet = new Map<string, Set<BookoviaSession>>();
  private readonly fleetsOf = new Map<BookoviaSession, ReadonlySet<string>>();

  readers(fleetId: string): Iterable<BookoviaSession> {
    return this.byFleet.get(fleetId) ?? [];
  }

  set(session: BookoviaSession, fleets: ReadonlySet<string>): void {
    this.remove(session);
    this.fleetsOf.set(session, fleets);
    for (const fleetId of fleets) {
      let readers = this.byFleet.get(fleetId);
      if (!readers) this.byFleet.set(fleetId, (readers = new Set()));
      readers.add(session);
    }
  }

  remove(session: BookoviaSession): void {
    for (const fleetId of this.fleetsOf.get(session) ?? []) {
      const readers = this.byFleet.get(fleetId);
      readers?.delete(session);
      if (readers?.size === 0) this.byFleet.delete(fleetId);
    }
    this.fleetsOf.delete(session);
  }
}

/**
 * ws's deflate settings. Both sides keep their context between messages
 * unless the client asks otherwise: the stream repeats the same keys message
 * after message, which is what a shared window pays for (docs/BENCHMARKS.md).
 * ws applies `threshold` only to sockets without context takeover; the
 * session applies it to the others.
 */
function deflateOptions(compression: BookoviaOptions['compression']) {
  if (!compression) return false;
  // ws deflates from `threshold` bytes up; ours is "more than".
  return { threshold: compression.threshold + 1 };
}
