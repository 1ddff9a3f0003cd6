import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { AlertDesk } from './alerts/desk';
import type { Notifier } from './alerts/notify';
import type { Clock } from './notify/clock';
import { createNotifier, type NotifyService } from './alerts/notifier';
import type { Principal } from './auth/api-keys';
import { KeyAuth } from './auth/key-auth';
import { pinKeySecret } from './auth/key-hash';
import type { BridgeLink } from './bridge/link';
import { startBridge, type BridgeDeps } from './bridge/start';
import type { Config } from './config';
import { listAllFleets, listVehicles } from './db/fleets';
import { openDatabase, type Db } from './db/open';
import { allFleetOverrides } from './db/fleet-settings';
import { recentMetrics, saveMetrics } from './db/metrics';
import { latestPositions, PositionWriter } from './db/positions';
import { DEFAULT_SAFETY_SETTINGS } from './engine/detectors/settings';
import { DEFAULT_DRIVER_STATUS } from './engine/driver-status';
import { Engine, HISTORY_LIMIT } from './engine/engine';
import {
  engineSettingsFor,
  fleetSettingsOf,
  mergeSettings,
} from './engine/fleet-settings';
import { DEFAULT_MAINTENANCE } from './engine/maintenance/types';
import { Places } from './engine/places';
import { DEFAULT_MOTION_TRIPS } from './engine/trips';
import { FleetState } from './fleet/fleet-state';
import type { VehicleState } from './fleet/vehicle-state';
import { rowToState } from './fleet/restore';
import { Ingest } from './ingest/ingest';
import { InFlight } from './http/in-flight';
import { createMapAssets } from './http/map-assets';
import { Ops } from './http/ops';
import {
  createOriginCheck,
  FOREIGN_ORIGIN,
  isMutation,
  refuseUpgrade,
} from './http/origin';
import { requestIdOf } from './http/request-id';
import { sendError } from './http/respond';
import { createSecurityHeaders } from './http/security-headers';
import { createRestApi } from './http/rest';
import { createSourceEdge } from './http/source-edge';
import type { Logger } from './log';
import { endLogContext, redactUrl, withLogContext } from './log';
import { StreamHub } from './stream/hub';
import { toLocationPayload } from './stream/location-message';
import { Sources } from './sources/service';
import { RecentAlerts } from './stream/recent-alerts';
import { ReplayBuffer } from './stream/replay';
import { LatestThrottle } from './stream/throttle';
import { createBookoviaServer, type BookoviaServer } from './transports/bookovia/server';
import { ConnectionLimit } from './limits';
import { createLongPoll } from './transports/long-poll';
import { createSnapshotSource } from './transports/snapshot';
import { announceRestart, attachSocketIo } from './transports/socketio';
import { connectCluster } from './cluster/start';
import { withSharedPositions } from './cluster/snapshot';

/** Tells the other nodes a key was revoked (docs/WALL.md, Signing in). */
const REVOKE_EVENT = 'fleetlight:revoke-key';

/** The Next.js app, when this process serves the dashboard too. */
export interface WebHandlers {
  handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void>;
  upgrade?(req: http.IncomingMessage, socket: Duplex, head: Buffer): Promise<void>;
}

export interface Fleetlight {
  config: Config;
  db: Db;
  state: FleetState;
  hub: StreamHub;
  engine: Engine;
  alerts: AlertDesk;
  /** Webhooks and e-mail for alerts, with their delivery log. */
  notifier: NotifyService;
  ingest: Ingest;
  /** Devices, HTTP/OsmAnd ingest, GTFS-rt feeds, imports and their health. */
  sources: Sources;
  /** The OsmAnd port's base URL, when OSMAND_PORT is set. */
  osmandUrl: string | undefined;
  bookovia: BookoviaServer;
  /** The link to the upstream server, in bridge mode. */
  bridge: BridgeLink | undefined;
  /** /healthz, /readyz and /metrics. */
  ops: Ops;
  server: http.Server;
  authenticate(key: string): Promise<Principal | null>;
  /** Listens on the configured host and port; resolves to the base URL. */
  listen(): Promise<string>;
  /** Registers a task to stop before the database closes. */
  onClose(task: () => void | Promise<void>): void;
  close(): Promise<void>;
}

/** What tests replace in a whole server. */
export interface AppHooks {
  /** The server clock of alerts and notifications, and their timers. */
  clock?: Clock;
  /** Takes the alert desk's notices instead of the configured notifier. */
  notifier?: Notifier;
  /** Shorter reconnect waits and heartbeats for the bridge's link. */
  bridge?: BridgeDeps['link'];
}

/**
 * Builds the whole server: database, live state, ingest, the stream hub and
 * its two transports, REST, map assets and (optionally) the Next.js app, on
 * one HTTP server. Sources (the demo replayer, devices) feed `ingest`.
 */
export async function createFleetlight(
  config: Config,
  log: Logger,
  web?: WebHandlers,
  hooks: AppHooks = {},
): Promise<Fleetlight> {
  const db = await openDatabase({
    dataDir: config.dataDir,
    databaseUrl: config.databaseUrl,
    poolSize: config.databasePoolSize,
    onError: (error) =>
      log.child('storage').warn('a database connection failed', { error }),
  });
  const cluster =
    config.redisUrl === undefined
      ? undefined
      : await connectCluster({
          url: config.redisUrl,
          prefix: config.redisKeyPrefix,
          maxEvents: config.replayMaxEvents,
          log: log.child('cluster'),
        });
  pinKeySecret(db, config.keyHashSecret);
  const state = new FleetState();
  const hub = new StreamHub(cluster && { epoch: cluster.epoch, relay: cluster.stream });
  const recentAlerts = new RecentAlerts(hub);
  const replay = new ReplayBuffer(hub, {
    maxEvents: config.replayMaxEvents,
    maxAgeMs: config.replayMaxAgeMs,
  });
  cluster?.start(hub, replay);
  const watch = cluster?.watch;
  const closers: Array<() => void | Promise<void>> = [];
  let bridge: BridgeLink | undefined;
  // Read at each scrape only, once the transports below exist.
  const ops = new Ops({
    db,
    hub,
    connections: () => ({
      ...socketIoConnections(),
      bookovia: bookovia.sessions.size,
      long_poll: longPoll.waiting,
    }),
    replayDepth: () => replay.depth,
  });

  for (const f of await listAllFleets(db)) state.registerFleet(f);
  for (const v of await listVehicles(db)) state.register(v);
  for (const row of await latestPositions(db)) {
    const restored = rowToState(row, state.fleetOf(row.vehicle_id));
    if (restored) state.restore(restored);
  }

  const storageLog = log.child('storage');
  const writer = new PositionWriter(db, {
    onFault: (fault, error) =>
      storageLog.warn('storage unavailable; positions kept and retried', {
        cause: fault.cause,
        advice: fault.message,
        error,
      }),
    onRecovered: (fault, dropped) =>
      storageLog.info('storage available again; positions written', {
        cause: fault.cause,
        down_ms: Date.now() - fault.since,
        dropped,
      }),
  });
  const throttle = new LatestThrottle<VehicleState>(config.locationIntervalMs, (s) => {
    hub.publish(s.fleetId, {
      type: 'location_update',
      timestamp: new Date(s.fix.deviceTime).toISOString(),
      channel: 'vehicle_locations',
      payload: toLocationPayload(s, engine.extrasOf(s.vehicleId)),
    });
  });
  const engineLog = log.child('engine');
  const notifier = createNotifier(db, config, log.child('notify'), hooks.clock);
  // Closed before the database: attempts under way are dropped uncounted
  // and made again after the next start.
  closers.push(() => notifier.close());
  const alerts = new AlertDesk(
    db,
    hub,
    log.child('alerts'),
    hooks.notifier ?? notifier,
    hooks.clock === undefined ? {} : { clock: hooks.clock },
  );
  for (const fleetId of state.fleetIds()) {
    recentAlerts.seed(fleetId, await alerts.openMessages(fleetId));
  }
  // Escalations that fell due while the server was down fire now, once.
  await alerts.start();
  const places = await Places.load(config.projectDataDir).catch((error: unknown) => {
    engineLog.warn('no offline place names; addresses stay empty', { error });
    return Places.empty();
  });
  const engine = new Engine({
    hub,
    state,
    places,
    log: engineLog,
    settings: {
      metricsIntervalMs: config.metricsIntervalMs,
      telemetryIntervalMs: config.telemetryIntervalMs,
      activeWithinMs: 5 * 60_000,
      maintenance: DEFAULT_MAINTENANCE,
      driver: DEFAULT_DRIVER_STATUS,
      trips: DEFAULT_MOTION_TRIPS,
      safety: DEFAULT_SAFETY_SETTINGS,
    },
    raiseAlert: (message, opts) => alerts.raise(message, opts),
    relayed: (fleetId) => bridge?.relay.relays(fleetId) ?? false,
    saveMetrics: (m) => {
      saveMetrics(db, m).catch((error: unknown) =>
        engineLog.error('could not store fleet metrics', { error }),
      );
    },
  });
  for (const fleetId of state.fleetIds()) {
    engine.seedHistory(fleetId, await recentMetrics(db, fleetId, HISTORY_LIMIT));
  }
  const defaults = fleetSettingsOf(engine.baseSettings);
  for (const [fleetId, override] of await allFleetOverrides(db)) {
    const settings = mergeSettings(defaults, override);
    engine.configureFleet(fleetId, engineSettingsFor(engine.baseSettings, settings));
  }
  const ticker = setInterval(() => engine.tick(), 1000);
  ticker.unref();

  const ingest = new Ingest({
    state,
    store: (fix, odometer, at) => writer.add(fix, odometer, at),
    onCurrent: (s) => {
      engine.onState(s);
      throttle.offer(s.vehicleId, s);
    },
    policy: {
      futureToleranceMs: config.ingestFutureToleranceMs,
      maxSpeedKmh: config.ingestMaxSpeedKmh,
      reanchorAfter: config.ingestReanchorFixes,
    },
  });

  const sources = await Sources.start({
    db,
    state,
    ingest,
    flush: () => writer.flush(),
    config,
    log: log.child('sources'),
  });
  closers.push(() => sources.close());

  const keyAuth = new KeyAuth(db);
  const authenticate = (key: string) => keyAuth.principal(key);
  const sourceEdge = createSourceEdge({
    db,
    sources,
    authenticate,
    ingestGrant: (key) => keyAuth.ingestGrant(key),
    // A 2xx means the fixes are on disk, and so are the alerts they raised:
    // the engine runs each accepted fix before submit returns.
    storage: {
      get fault() {
        return writer.fault;
      },
      flush: async () => {
        await writer.flush();
        await engine.settled();
      },
    },
    log: log.child('sources'),
  });
  const osmandUrl =
    config.osmandPort === undefined
      ? undefined
      : await sourceEdge.listenOsmand(config.osmandPort, config.host);
  closers.push(() => sourceEdge.close());
  const ownSnapshots = createSnapshotSource(state, hub, (id) =>
    engine.metricsHistory(id),
  );
  const snapshots = cluster
    ? withSharedPositions(ownSnapshots, (id) => cluster.stream.positions(id))
    : ownSnapshots;
  const openAlerts = async (fleetId: string) =>
    (await alerts.openMessages(fleetId)).map((m) => ({
      ...m,
      id: `stored-${m.payload.alert_id}`,
    }));
  // One count for all three transports: a key's 51st connection is refused
  // whichever way it comes.
  const connections = new ConnectionLimit(config.maxConnectionsPerKey);
  const longPoll = createLongPoll({
    hub,
    replay,
    snapshots,
    openAlerts,
    authenticate,
    sent: ops.sent,
    watch,
    connections,
  });
  closers.push(() => longPoll.close());
  const rest = createRestApi({
    db,
    state,
    engine,
    alerts,
    notifier,
    sources,
    quarantine: ingest.quarantine,
    authenticate,
    keyRotateGraceS: config.keyRotateGraceS,
    // Called only by requests, which start after the transports exist.
    keyChanged: (keyId) => {
      keyAuth.forget(keyId);
      void recheckKeys(keyId);
      // Other nodes drop the key from their caches and check it now.
      if (cluster) io.serverSideEmit(REVOKE_EVENT, keyId);
    },
  });
  const mapAssets = createMapAssets({
    dataDir: config.projectDataDir,
    ...(config.mapPmtiles !== undefined && { pmtilesPath: config.mapPmtiles }),
    ...(config.mapStyleUrl !== undefined && { styleUrl: config.mapStyleUrl }),
    ...(config.mapPmtilesAttribution !== undefined && {
      extractAttribution: config.mapPmtilesAttribution,
    }),
    onError: (error, path) => log.child('map').error('map asset failed', { path, error }),
  });
  const httpLog = log.child('http');
  const security = createSecurityHeaders(config);
  // Behind a proxy that rewrites Host, the public URL is still the page's.
  const originAllowed = createOriginCheck([
    ...config.allowedOrigins,
    ...(config.publicUrl === undefined ? [] : [new URL(config.publicUrl).origin]),
  ]);
  /** Refuses a browser page of a foreign origin; logs what, never a key. */
  const foreign = (req: http.IncomingMessage, transport: string): boolean => {
    if (originAllowed(req)) return false;
    httpLog.warn('refused a foreign origin', {
      transport,
      origin: req.headers.origin?.slice(0, 200),
      url: redactUrl(req.url),
    });
    return true;
  };

  const inFlight = new InFlight();
  const server = http.createServer((req, res) => {
    const requestId = requestIdOf(req);
    res.setHeader('X-Request-Id', requestId);
    // A balancer keeping this connection would send its next request here.
    if (ops.isDraining) res.setHeader('Connection', 'close');
    inFlight.track(res);
    logAccess(req, res, requestId);
    const context = { requestId };
    res.once('close', () => endLogContext(context));
    withLogContext(context, () => serve(req, res));
  });

  function serve(req: http.IncomingMessage, res: http.ServerResponse): void {
    handleRequest(req, res).catch((error: unknown) => {
      // A client that hung up mid-request is its own business, not a fault.
      if (req.destroyed && isAbort(error)) {
        httpLog.debug('client went away mid-request', { url: redactUrl(req.url) });
        return;
      }
      httpLog.error('request failed', { url: redactUrl(req.url), error });
      if (!res.headersSent) sendError(res, 'internal', 'The server failed; try again');
      else res.destroy();
    });
  }

  /** One debug line per request once answered; the path without its secrets. */
  function logAccess(
    req: http.IncomingMessage,
    res: http.ServerResponse,
    requestId: string,
  ): void {
    const started = performance.now();
    res.once('close', () => {
      httpLog.debug('request', {
        requestId,
        method: req.method,
        path: redactUrl(req.url),
        status: res.statusCode,
        ms: Math.round(performance.now() - started),
        ...(!res.writableFinished && { aborted: true }),
      });
    });
  }

  async function handleRequest(req: http.IncomingMessage, res: http.ServerResponse) {
    security.all(res);
    // Live feeds (long polling) and every mutation; pages and reads are
    // left to the browser's same-origin policy.
    const guarded = isMutation(req.method) || req.url?.startsWith('/v1/') === true;
    if (guarded && foreign(req, 'http')) {
      sendError(res, 'origin_forbidden', FOREIGN_ORIGIN);
      return;
    }
    if (await ops.handle(req, res)) return;
    if (await sourceEdge.handle(req, res)) return;
    if (await longPoll.handle(req, res)) return;
    if (await rest(req, res)) return;
    if (mapAssets.handle(req, res)) return;
    if (web) {
      security.page(res);
      return web.handle(req, res);
    }
    sendError(res, 'not_found', 'Nothing is served here');
  }

  const io = attachSocketIo(server, {
    authenticate,
    hub,
    snapshots,
    alerts,
    replay,
    openAlerts,
    ackRetryDelaysMs: config.ackRetryDelaysMs,
    batchMs: config.streamBatchMs,
    maxBufferedBytes: config.streamMaxBufferedBytes,
    allowRequest: (req) => !foreign(req, 'socket.io'),
    rateLimit: config.rateLimit,
    connections,
    log: log.child('socket.io'),
    sent: ops.sent,
    watch,
  });
  if (cluster) {
    await cluster.attach(io);
    // A key revoked or rotated on another node: forget it and check it now
    // rather than at the next periodic recheck.
    io.on(REVOKE_EVENT, (keyId: unknown) => {
      if (typeof keyId !== 'string') return;
      keyAuth.forget(keyId);
      void recheckKeys(keyId);
    });
  }
  /** Socket.IO clients by the transport they are on now. */
  function socketIoConnections() {
    let websocket = 0;
    let polling = 0;
    for (const socket of io.of('/').sockets.values()) {
      if (socket.conn.transport.name === 'polling') polling++;
      else websocket++;
    }
    return { socketio_websocket: websocket, socketio_polling: polling };
  }
  const bookovia = createBookoviaServer({
    hub,
    authenticate,
    state,
    snapshots,
    recentAlerts: (fleetId) => recentAlerts.of(fleetId),
    actOnAlert: (actor, alertId, action, opts) =>
      alerts.act(actor, alertId, action, opts),
    latestMetrics: (fleetId) => engine.metricsHistory(fleetId).at(-1),
    replay,
    ackRetryDelaysMs: config.ackRetryDelaysMs,
    openAlerts,
    watch,
    log: log.child('protocol'),
    sent: ops.sent,
    authTimeoutMs: config.authTimeoutMs,
    maxPayloadBytes: config.wsMaxPayloadBytes,
    maxBufferedBytes: config.streamMaxBufferedBytes,
    rateLimit: config.rateLimit,
    connections,
    ...(config.wsCompression && {
      compression: { threshold: config.wsCompressionThreshold },
    }),
  });

  /** The principal of every live socket and held poll, on every transport. */
  function* livePrincipals(): Generator<Principal> {
    for (const socket of io.of('/').sockets.values()) yield socket.data.principal;
    for (const session of bookovia.sessions) {
      if (session.principal) yield session.principal;
    }
    yield* longPoll.principals();
  }

  /**
   * Ends every live socket whose secret no longer opens its key: revoked
   * or rotated out, here or by another node on the same database. A held
   * long poll is answered 401; the next one is refused at once.
   */
  async function recheckKeys(onlyKeyId?: string): Promise<void> {
    const live: Principal[] = [];
    for (const p of livePrincipals()) {
      if (onlyKeyId === undefined || p.keyId === onlyKeyId) live.push(p);
    }
    const creds = live.flatMap((p) =>
      p.credential === undefined ? [] : [{ keyId: p.keyId, credential: p.credential }],
    );
    let dead: Set<string>;
    try {
      dead = await keyAuth.recheck(creds);
    } catch (error) {
      log.child('auth').warn('could not recheck live keys; will try again', { error });
      return;
    }
    if (dead.size === 0) return;
    closeDead(dead);
  }

  function closeDead(dead: ReadonlySet<string>): void {
    let closed = 0;
    for (const socket of io.of('/').sockets.values()) {
      const { credential } = socket.data.principal;
      // Not closing the connection under it: on long polling that would
      // drop the disconnect packet, and the page would retry, not stop.
      if (credential !== undefined && dead.has(credential)) {
        socket.disconnect();
        closed++;
      }
    }
    for (const session of bookovia.sessions) {
      const credential = session.principal?.credential;
      if (session.principal && credential !== undefined && dead.has(credential)) {
        session.revoke(session.principal.keyId);
        closed++;
      }
    }
    longPoll.revoke((p) => p.credential !== undefined && dead.has(p.credential));
    if (closed > 0) log.child('auth').info('closed sockets of dead keys', { closed });
  }

  const recheck = setInterval(() => void recheckKeys(), config.keyRecheckMs);
  recheck.unref();
  closers.push(() => clearInterval(recheck));

  ops.addCheck('storage', () => writer.fault === undefined);
  ops.register(...sources.monitor.metrics);
  ops.register(...ingest.metrics);
  if (cluster) {
    ops.register(...cluster.metrics);
    ops.addCheck('redis', () => cluster.ready());
  }
  if (config.upstream) {
    const link = startBridge({
      upstream: config.upstream,
      db,
      state,
      hub,
      ops,
      log: log.child('bridge'),
      ...(hooks.bridge && { link: hooks.bridge }),
    });
    bridge = link;
    // Before the database closes: relays under way still write to it.
    closers.push(() => link.close());
  }

  server.on('upgrade', (req, socket: Duplex, head: Buffer) => {
    const path = req.url ?? '';
    // Socket.IO's own upgrade listener takes its path, checked by allowRequest.
    if (path.startsWith('/socket.io/')) return;
    if (foreign(req, 'websocket')) {
      refuseUpgrade(socket, FOREIGN_ORIGIN);
      return;
    }
    if (bookovia.handleUpgrade(req, socket, head)) return;
    if (web?.upgrade && path.startsWith('/_next/')) {
      void web.upgrade(req, socket, head);
      return;
    }
    socket.destroy();
  });

  return {
    config,
    db,
    state,
    hub,
    engine,
    alerts,
    notifier,
    ingest,
    sources,
    osmandUrl,
    bookovia,
    bridge,
    ops,
    server,
    authenticate,
    onClose: (task) => closers.push(task),
    listen: () =>
      new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(config.port, config.host, () => {
          const { port } = server.address() as AddressInfo;
          const host = config.host === '0.0.0.0' ? 'localhost' : config.host;
          resolve(`http://${host}:${port}`);
        });
      }),
    async close() {
      // Balancers see 503 at once, and no new connection reaches us.
      ops.drain();
      server.close();
      // Clients go elsewhere now, each transport in its own way.
      inFlight.closeAfter();
      longPoll.drain();
      announceRestart(io);
      const wsClosed = bookovia.close();
      const drained = await inFlight.settled(config.shutdownDrainMs);
      if (!drained) {
        httpLog.warn('requests still open after the drain; cutting them', {
          open: inFlight.size,
          drainMs: config.shutdownDrainMs,
        });
      }
      await alerts.close();
      for (const task of closers.reverse()) await task();
      clearInterval(ticker);
      throttle.stop();
      recentAlerts.close();
      replay.close();
      // Whatever connection is left would hold the process open.
      await new Promise<void>((resolve) => {
        void io.close(() => resolve());
        server.closeAllConnections();
      });
      await wsClosed;
      await engine.settled();
      await writer.flush();
      await cluster?.close();
      ops.close();
      await db.destroy();
    },
  };
}

function isAbort(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  const message = error instanceof Error ? error.message : '';
  return code === 'ECONNRESET' || code === 'ECONNABORTED' || message === 'aborted';
}
