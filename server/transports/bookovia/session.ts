import { randomUUID } from 'node:crypto';
import WebSocket, { type RawData } from 'ws';
import type { ZodError } from 'zod';
import {
  actionPayloadSchema,
  authPayloadSchema,
  channelsOf,
  CLIENT_MESSAGE_TYPES,
  clientMessageSchema,
  clip,
  ERRORS,
  FLOOD_CLOSE,
  isChannel,
  lacksApiKey,
  MAX_CLOSE_REASON_BYTES,
  ackDataSchema,
  resumeDataSchema,
  type AuthPayload,
  type Channel,
  type ClientMessage,
  type ClosingCode,
  type ErrorCode,
  type Scope,
  type ServerSystemMessage,
} from '../../../lib/protocol';
import type { Principal } from '../../auth/api-keys';
import type { FleetState } from '../../fleet/fleet-state';
import type { SentMeter } from '../../http/delivery-metrics';
import {
  FloodGuard,
  type ConnectionLimit,
  type RateLimit,
  type Release,
} from '../../limits';
import type { Logger } from '../../log';
import type { Published } from '../../stream/hub';
import { Backlogs } from '../../stream/slow-consumer';
import type { Endpoint } from './endpoint';
import {
  answerAlertAction,
  isAlertActionResource,
  type ActOnAlert,
} from './alert-actions';
import {
  answerRequest,
  type RequestAnswer,
  type RequestSources,
  type ScopedPayload,
} from './requests';
import type { WatchFleets } from '../watch';
import { CatchUp, type CatchUpDeps, type SessionView } from './catch-up';
import { writeShared, type SharedFrame } from './frames';

export interface SessionDeps extends RequestSources, CatchUpDeps {
  authenticate: (key: string) => Promise<Principal | null>;
  state: FleetState;
  log: Logger;
  authTimeoutMs: number;
  /** The frame limit the server enforces; only reported, in the log. */
  maxPayloadBytes: number;
  /**
   * Messages over this many bytes are deflated, on sockets that
   * negotiated permessage-deflate; null: none are.
   */
  compressAboveBytes: number | null;
  /** Acknowledges or resolves alerts; without it those requests are refused. */
  actOnAlert?: ActOnAlert | undefined;
  /** Told of each live message sent, for the metrics. */
  sent?: SentMeter | undefined;
  /** Scale-out: loads the session's fleets on this node before admitting it. */
  watch?: WatchFleets | undefined;
  /**
   * Unsent bytes past which positions wait, newest per vehicle, until the
   * socket drains (default 1 MiB); see server/stream/slow-consumer.ts.
   */
  maxBufferedBytes?: number | undefined;
  /** Longest a socket may stay behind before it is cut (default 30 s). */
  maxHeldMs?: number | undefined;
  /** Told which fleets an authenticated session reads, to route it their stream. */
  admitted?:
    ((session: BookoviaSession, fleets: ReadonlySet<string>) => void) | undefined;
  /** Messages each socket may send; unlimited when absent. */
  rateLimit?: RateLimit | undefined;
  /** Sockets each key may hold, shared with the other transports. */
  connections?: ConnectionLimit | undefined;
}

export interface Handshake {
  endpoint: Endpoint;
  apiKey?: string;
  fleetId?: string;
  subscriptions?: string[];
  /** The peer's address as the TCP socket sees it, for the log. */
  remoteAddress?: string;
}

/** Where an auth request came from, as its error messages name it. */
type AuthSource = 'payload' | 'query';

const MISSING_KEY: Record<AuthSource, string> = {
  payload: 'auth needs payload.api_key',
  query: 'auth needs a non-empty api_key query parameter',
};

/** A refused authentication: answered with `auth_error`, then closed. */
class Refusal extends Error {
  constructor(
    readonly code: ClosingCode,
    message: string,
  ) {
    super(message);
  }
}

/**
 * One Bookovia WebSocket connection: authentication (query or `auth`
 * message), subscriptions, requests, and delivery of its fleet's stream.
 * Messages are handled one at a time, in arrival order, so a subscribe sent
 * right after `auth` always sees the authenticated session.
 */
export class BookoviaSession {
  principal: Principal | undefined;
  private scope: Scope = { kind: 'multi' };
  private fleets: ReadonlySet<string> = new Set();
  private readonly subs = new Set<Channel>();
  private queue: Promise<void> = Promise.resolve();
  private readonly deadline: NodeJS.Timeout;
  /** The resume and ack extensions. */
  private readonly catchUp: CatchUp;
  private readonly backlog: Backlogs<'socket'>;
  /** Positions held back while the socket is behind, newest per vehicle. */
  private readonly held = new Map<string, Published>();
  private readonly guard: FloodGuard | undefined;
  /** This socket's slot in the per-key count, once authenticated. */
  private release: Release | undefined;
  alive = true;

  constructor(
    private readonly ws: WebSocket,
    private readonly handshake: Handshake,
    private readonly deps: SessionDeps,
  ) {
    this.catchUp = new CatchUp(deps);
    this.backlog = new Backlogs(deps.maxBufferedBytes, Date.now, deps.maxHeldMs);
    this.guard = deps.rateLimit && new FloodGuard(deps.rateLimit);
    this.deadline = setTimeout(() => this.expire(), deps.authTimeoutMs);
    // Judged on arrival, before the queue: a refused message costs no parse
    // and a flood cannot grow the queue.
    ws.on('message', (data, isBinary) => {
      const ack = () => !isBinary && isAck(data);
      if (this.withinRate(ack)) this.enqueue(() => this.receive(data, isBinary));
    });
    ws.on('pong', () => (this.alive = true));
    ws.on('close', () => {
      clearTimeout(this.deadline);
      this.catchUp.close();
      this.release?.();
    });
    ws.on('error', (error) => this.onSocketError(error));
    if (handshake.apiKey !== undefined) {
      const { apiKey, fleetId, subscriptions } = handshake;
      const request = { api_key: apiKey, fleet_id: fleetId, subscriptions };
      this.enqueue(() => this.authenticate(request, 'query', undefined));
    }
  }

  /** Drops the connection without a close handshake (a dead network). */
  terminate(): void {
    this.ws.terminate();
  }

  /**
   * Whether the message just received may be handled. Over the rate it is
   * answered `rate_limited` and dropped; a client that keeps on is told so
   * once more and closed 1008 (docs/RELIABILITY.md, Limits).
   */
  private withinRate(isAck: () => boolean): boolean {
    const guard = this.guard;
    if (!guard) return true;
    const verdict = guard.check(isAck);
    if (verdict.kind === 'pass') return true;
    if (verdict.kind === 'throttle') {
      const { perSecond } = guard.limit;
      const text = `Over ${perSecond} messages a second: this one was dropped`;
      this.sendError('rate_limited', text, undefined, verdict.retryAfterMs);
      return false;
    }
    if (this.ws.readyState !== WebSocket.OPEN) return false;
    this.deps.log.warn('flooding client cut', {
      keyId: this.principal?.keyId,
      ...this.peer(),
    });
    this.sendError('rate_limited', 'Kept sending over the rate limit: closing');
    closeOrTerminate(this.ws, FLOOD_CLOSE.code, FLOOD_CLOSE.reason, this.deps.log);
    return false;
  }

  /**
   * Sends a stream message if this session subscribed to it and may see
   * it: as the frame `shared` holds, built once for every socket, when
   * this socket does not deflate.
   */
  deliver(p: Published, shared?: SharedFrame): void {
    if (!this.principal || !this.subs.has(p.message.channel)) return;
    const payload = p.message.payload as ScopedPayload;
    if (!this.fleets.has(p.fleetId) || !this.inScope(payload)) return;
    if (this.ws.readyState !== WebSocket.OPEN) return;
    if (p.message.channel === 'vehicle_locations' && !this.mayMove(p)) return;
    this.write(p, shared);
    this.catchUp.sent(p);
  }

  /**
   * Whether a position may go now (server/stream/slow-consumer.ts). A
   * socket behind keeps only each vehicle's newest fix, sent once it has
   * drained; one that stays or falls far behind is cut.
   */
  private mayMove(p: Published): boolean {
    const verdict = this.backlog.judge('socket', this.ws.bufferedAmount);
    if (verdict === 'send') return true;
    if (verdict === 'hold') {
      const { payload } = p.message as { payload: ScopedPayload };
      this.held.set(`${p.fleetId}\n${payload.vehicle_id ?? ''}`, p);
      return false;
    }
    if (verdict === 'cut') {
      this.cutSlow();
      return false;
    }
    const held = [...this.held.values()];
    this.held.clear();
    for (const h of held) this.write(h);
    return true;
  }

  private write(p: Published, shared?: SharedFrame): void {
    this.deps.sent?.('bookovia', p.message);
    if (shared && writeShared(this.ws, shared.frame())) return;
    const json = p.json();
    this.ws.send(json, { compress: this.worthDeflating(json) });
  }

  /**
   * The close frame waits behind the backlog, so a peer that reads again
   * learns why; one that does not is dropped a second later.
   */
  private cutSlow(): void {
    const unsent = this.ws.bufferedAmount;
    this.deps.log.warn('slow consumer cut', { unsent, ...this.peer() });
    this.held.clear();
    closeOrTerminate(this.ws, ERRORS.slow_consumer.close, 'slow_consumer', this.deps.log);
    setTimeout(() => this.ws.terminate(), 1000).unref();
  }

  /**
   * ws honours its own threshold only without context takeover, which costs
   * most of the gain on a stream this repetitive, so the session decides.
   * RFC 7692 §6 lets a message go uncompressed on a deflate socket.
   */
  private worthDeflating(json: string): boolean {
    const above = this.deps.compressAboveBytes;
    if (above === null) return false;
    return json.length > above && Buffer.byteLength(json) > above;
  }

  /**
   * Vehicle and trip scopes see only messages about their vehicle or trip;
   * fleet-wide messages (metrics) carry neither and are not theirs.
   */
  private inScope(payload: ScopedPayload): boolean {
    const scope = this.scope;
    if (scope.kind === 'vehicle') return payload.vehicle_id === scope.vehicle_id;
    if (scope.kind === 'trip') return payload.trip_id === scope.trip_id;
    return true;
  }

  private enqueue(task: () => Promise<void> | void): void {
    this.queue = this.queue.then(task).catch((error: unknown) => {
      this.deps.log.error('session task failed', { error });
      this.sendError('internal', 'The server failed to handle the message');
    });
  }

  private async receive(data: RawData, isBinary: boolean): Promise<void> {
    this.alive = true;
    if (isBinary) {
      return this.sendError('invalid_message', 'Send messages as JSON text frames');
    }
    let raw: unknown;
    try {
      raw = JSON.parse(rawText(data));
    } catch {
      return this.sendError('malformed_json', 'The message is not valid JSON');
    }
    const parsed = clientMessageSchema.safeParse(raw);
    if (!parsed.success) {
      const field = fieldOf(parsed.error, 'message');
      // An unreadable auth is still an auth: refused and closed like one.
      if (isAuthAttempt(raw)) {
        const text = `Invalid auth message: check ${field}`;
        return this.refuse(new Refusal('invalid_message', text), undefined);
      }
      return this.sendError('invalid_message', `Invalid message: check ${field}`);
    }
    await this.dispatch(parsed.data);
  }

  private async dispatch(msg: ClientMessage): Promise<void> {
    if (msg.type === 'auth') return this.onAuth(msg);
    if (!this.principal) {
      const text = 'Authenticate first: send an auth message or connect with ?api_key=';
      return this.sendError('not_authenticated', text, msg.id);
    }
    if (msg.type === 'ping')
      return this.send({ type: 'pong', ...this.meta(msg.id), payload: corr(msg.id) });
    if (msg.type === 'resume') return this.onResume(msg);
    if (msg.type === 'ack') return this.onAck(msg);
    // auth and ping are answered above; every other known type is an action.
    if (isClientType(msg.type)) return this.onAction(msg);
    const text = `Unknown message type "${clip(msg.type)}"`;
    this.sendError('unknown_type', text, msg.id);
  }

  private onAuth(msg: ClientMessage): Promise<void> {
    return this.authenticate(msg.payload ?? {}, 'payload', msg.id);
  }

  /**
   * Both auth forms, the query and the message, take this one path, so a
   * request gets the same answer however it was sent.
   */
  private async authenticate(
    request: Record<string, unknown>,
    source: AuthSource,
    id: string | undefined,
  ): Promise<void> {
    try {
      await this.admit(readAuth(request, source), id);
    } catch (error) {
      if (!(error instanceof Refusal)) throw error;
      this.refuse(error, id);
    }
  }

  private async admit(auth: AuthPayload, id: string | undefined): Promise<void> {
    const principal = await this.deps.authenticate(auth.api_key);
    if (!principal) {
      throw new Refusal('invalid_api_key', 'The API key is unknown or revoked');
    }
    const { scope, fleets } = this.resolveScope(principal, auth.fleet_id);
    this.holdSlot(principal.keyId);
    const release = await this.deps.watch?.([...fleets]);
    if (release) {
      // Closed while its fleets loaded: 'close' has fired already.
      if (this.ws.readyState !== WebSocket.OPEN) return release();
      this.ws.once('close', release);
    }

    const wanted = auth.subscriptions ?? [];
    this.principal = principal;
    this.scope = scope;
    this.fleets = fleets;
    this.deps.admitted?.(this, fleets);
    for (const c of wanted) if (isChannel(c)) this.subs.add(c);
    clearTimeout(this.deadline);
    this.send({
      type: 'auth_success',
      ...this.meta(id),
      payload: {
        fleet_id: 'fleet_id' in scope ? scope.fleet_id : (auth.fleet_id ?? null),
        fleets: [...fleets],
        role: principal.role,
        scope,
        subscriptions: [...this.subs],
      },
    });

    // A misspelt channel costs the client that channel, not the connection,
    // as it does in a later subscribe (docs/protocol.md, Errors).
    const unknown = wanted.find((c) => !isChannel(c));
    if (unknown !== undefined) {
      this.sendError('unknown_channel', `Unknown channel "${clip(unknown)}"`, id);
    }
  }

  /**
   * Counts this socket against its key's connections; a second auth on the
   * same socket moves its one slot to the new key.
   */
  private holdSlot(keyId: string): void {
    const limit = this.deps.connections;
    if (!limit) return;
    this.release?.();
    this.release = limit.acquire(keyId) ?? undefined;
    if (this.release) return;
    const text = `This key already holds ${limit.perKey} connections to this server: close one, then retry`;
    throw new Refusal('too_many_connections', text);
  }

  /**
   * What the endpoint and key allow together. A vehicle or trip of a fleet
   * the key may not read gets the same answer as one that does not exist.
   */
  private resolveScope(
    principal: Principal,
    fleetId: string | undefined,
  ): { scope: Scope; fleets: ReadonlySet<string> } {
    const ep = this.handshake.endpoint;
    const granted = principal.fleets;
    const only = (id: string) => new Set([id]);
    if (ep.kind === 'multi' || ep.kind === 'fleet') {
      const wanted = ep.kind === 'fleet' ? ep.id : fleetId;
      if (wanted === undefined) return { scope: { kind: 'multi' }, fleets: granted };
      if (!granted.has(wanted)) {
        const text = `This key may not read fleet ${clip(wanted)}`;
        throw new Refusal('fleet_forbidden', text);
      }
      return { scope: { kind: 'fleet', fleet_id: wanted }, fleets: only(wanted) };
    }
    if (ep.kind === 'vehicle') {
      const fleet = this.deps.state.fleetOf(ep.id);
      if (!fleet || !granted.has(fleet)) {
        const text = `No vehicle ${clip(ep.id)} is visible to this key`;
        throw new Refusal('not_found', text);
      }
      return {
        scope: { kind: 'vehicle', vehicle_id: ep.id, fleet_id: fleet },
        fleets: only(fleet),
      };
    }
    const fleet = this.tripFleet(ep.id, granted);
    if (!fleet) {
      const text = `No trip ${clip(ep.id)} is visible to this key`;
      throw new Refusal('not_found', text);
    }
    return {
      scope: { kind: 'trip', trip_id: ep.id, fleet_id: fleet },
      fleets: only(fleet),
    };
  }

  private tripFleet(tripId: string, granted: ReadonlySet<string>): string | undefined {
    for (const fleetId of granted) {
      const onTrip = this.deps.state
        .snapshot(fleetId)
        .some((s) => s.fix.tripId === tripId);
      if (onTrip) return fleetId;
    }
    return undefined;
  }

  private async onAction(msg: ClientMessage): Promise<void> {
    const parsed = actionPayloadSchema.safeParse(msg.payload ?? {});
    if (!parsed.success) {
      const text = `Invalid payload for ${clip(msg.type)}`;
      return this.sendError('invalid_message', text, msg.id);
    }
    const action = parsed.data.action ?? msg.type;
    if (action === 'request') return this.onRequest(msg, parsed.data.data);

    const names = channelsOf(parsed.data);
    if (names.length === 0) {
      return this.sendError(
        'invalid_message',
        'Name a channel in payload.channel',
        msg.id,
      );
    }
    const bad = names.find((c) => !isChannel(c));
    if (bad !== undefined) {
      const text = `Unknown channel "${clip(bad)}"`;
      return this.sendError('unknown_channel', text, msg.id);
    }
    const channels = names as Channel[];
    for (const c of channels) {
      if (action === 'subscribe') this.subs.add(c);
      else this.subs.delete(c);
    }
    this.send({
      type: action === 'subscribe' ? 'subscribed' : 'unsubscribed',
      ...this.meta(msg.id),
      payload: { channels, subscriptions: [...this.subs], ...corr(msg.id) },
    });
  }

  /**
   * Replays what the client missed, then says `resumed`; or says why it
   * cannot and hands over a snapshot (catch-up.ts).
   */
  private async onResume(msg: ClientMessage): Promise<void> {
    const raw = msg.payload?.['data'] ?? msg.payload ?? {};
    const parsed = resumeDataSchema.safeParse(raw);
    if (!parsed.success) {
      const field = fieldOf(parsed.error, 'data');
      return this.sendError('invalid_message', `Invalid resume: check ${field}`, msg.id);
    }
    if (parsed.data.offset !== undefined && this.fleets.size > 1) {
      const text = 'This socket reads several fleets: send offsets, one per fleet';
      return this.sendError('invalid_message', text, msg.id);
    }
    const answer = await this.catchUp.resume(parsed.data, this.view());
    this.send({
      type: 'resumed',
      ...this.meta(msg.id),
      payload: { ...answer, ...corr(msg.id) },
    });
  }

  /** Confirms critical events up to a `seq`, per fleet; never answered. */
  private onAck(msg: ClientMessage): void {
    const parsed = ackDataSchema.safeParse(msg.payload?.['data'] ?? msg.payload ?? {});
    if (!parsed.success) {
      const field = fieldOf(parsed.error, 'data');
      return this.sendError('invalid_message', `Invalid ack: check ${field}`, msg.id);
    }
    if (parsed.data.offset !== undefined && this.fleets.size > 1) {
      const text = 'This socket reads several fleets: send offsets, one per fleet';
      return this.sendError('invalid_message', text, msg.id);
    }
    this.catchUp.ack(parsed.data, this.fleets);
  }

  private view(): SessionView {
    return {
      fleets: [...this.fleets],
      channels: this.subs,
      sees: (payload) => this.inScope(payload),
      vehicles: (fleetId) => this.deps.snapshots.snapshot(fleetId).vehicles,
      sendJson: (json) => this.sendJson(json),
    };
  }

  private async onRequest(
    msg: ClientMessage,
    data: Record<string, unknown> | undefined,
  ): Promise<void> {
    const resource = data?.['resource'] ?? data?.['type'];
    let answer: RequestAnswer;
    if (isAlertActionResource(resource) && this.principal) {
      answer = await answerAlertAction(resource, data, {
        actor: { ...this.principal, fleets: this.fleets },
        fleetWide: this.scope.kind === 'multi' || this.scope.kind === 'fleet',
        messageId: msg.id,
        act: this.deps.actOnAlert,
      });
    } else {
      const view = { fleets: this.fleets, sees: this.inScope.bind(this) };
      answer = answerRequest(data, view, this.deps);
    }
    if (!answer.ok) return this.sendError(answer.code, answer.message, msg.id);
    this.send({
      type: 'response',
      ...this.meta(msg.id),
      payload: { ...answer.payload, ...corr(msg.id) },
    });
  }

  /**
   * Answers `auth_error` and closes. The message may quote the client (cut
   * short); the close reason is the bare code, since a reason built from
   * client text can overflow the 123 bytes a close frame holds.
   */
  private refuse(refusal: Refusal, id: string | undefined): void {
    const { code, message } = refusal;
    this.deps.log.info('auth refused', { code, ...this.peer() });
    this.send({
      type: 'auth_error',
      ...this.meta(id),
      payload: { code, message, ...corr(id) },
    });
    closeOrTerminate(this.ws, ERRORS[code].close, code, this.deps.log);
  }

  /**
   * Ends the session when it was opened with the key `keyId`, now revoked:
   * `auth_error` invalid_api_key, then close 4401. Answers whether it did.
   */
  revoke(keyId: string): boolean {
    if (this.principal?.keyId !== keyId) return false;
    this.refuse(new Refusal('invalid_api_key', 'This key has been revoked'), undefined);
    return true;
  }

  private expire(): void {
    if (this.principal) return;
    const text = `Not authenticated within ${this.deps.authTimeoutMs} ms`;
    this.refuse(new Refusal('auth_timeout', text), undefined);
  }

  private onSocketError(error: NodeJS.ErrnoException): void {
    if (error.code === 'WS_ERR_UNSUPPORTED_MESSAGE_LENGTH') {
      // ws has already closed with 1009 and an empty reason, unread; the
      // limit is all an operator needs to tell this from a network fault.
      const limit = this.deps.maxPayloadBytes;
      return this.deps.log.warn('payload too large', { limit, ...this.peer() });
    }
    this.deps.log.debug('socket error', { error: error.message, ...this.peer() });
  }

  private sendError(
    code: ErrorCode,
    message: string,
    id?: string,
    retryAfterMs?: number,
  ): void {
    const retry = retryAfterMs === undefined ? {} : { retry_after_ms: retryAfterMs };
    this.send({
      type: 'error',
      ...this.meta(id),
      payload: { code, message, ...corr(id), ...retry },
    });
  }

  private send(message: ServerSystemMessage): void {
    this.sendJson(JSON.stringify(message));
  }

  private sendJson(json: string): void {
    if (this.ws.readyState !== WebSocket.OPEN) return;
    this.ws.send(json, { compress: this.worthDeflating(json) });
  }

  private meta(id: string | undefined): { id: string; timestamp: string } {
    return { id: id ?? randomUUID(), timestamp: new Date().toISOString() };
  }

  /** Who is at the other end, for the log; never the key. */
  private peer(): { endpoint: Endpoint['kind']; remote: string | undefined } {
    const { endpoint, remoteAddress } = this.handshake;
    return { endpoint: endpoint.kind, remote: remoteAddress };
  }
}

/** The part of a socket `closeOrTerminate` uses. */
export type Closable = Pick<WebSocket, 'close' | 'terminate'>;

/**
 * Closes with `code` and `reason` cut to fit a close frame. ws throws,
 * before sending anything, on a code or reason it cannot send; the
 * connection is then dropped, so a refused socket never stays open.
 */
export function closeOrTerminate(
  ws: Closable,
  code: number,
  reason: string,
  log: Logger,
): void {
  try {
    ws.close(code, fitCloseReason(reason));
  } catch (error) {
    log.warn('close failed; connection dropped', { code, error });
    ws.terminate();
  }
}

/** `reason` cut to the bytes a close frame holds, never inside a character. */
export function fitCloseReason(reason: string): string {
  if (Buffer.byteLength(reason) <= MAX_CLOSE_REASON_BYTES) return reason;
  let fitted = '';
  let bytes = 0;
  for (const char of reason) {
    bytes += Buffer.byteLength(char);
    if (bytes > MAX_CLOSE_REASON_BYTES) break;
    fitted += char;
  }
  return fitted;
}

/**
 * The auth request, checked: a missing key first, then the shape. Only a
 * key that is absent or empty is `missing_api_key`; anything else wrong is
 * `invalid_message` naming the field.
 */
function readAuth(request: Record<string, unknown>, source: AuthSource): AuthPayload {
  if (lacksApiKey(request)) throw new Refusal('missing_api_key', MISSING_KEY[source]);
  const parsed = authPayloadSchema.safeParse(request);
  if (!parsed.success) {
    const field = fieldOf(parsed.error, source);
    throw new Refusal('invalid_message', `Invalid auth ${source}: check ${field}`);
  }
  return parsed.data;
}

function isClientType(type: string): boolean {
  return (CLIENT_MESSAGE_TYPES as readonly string[]).includes(type);
}

/**
 * Whether a frame is an `ack`; read only for a frame over the rate, which
 * then costs a parse, as it did before there was a limit.
 */
function isAck(data: RawData): boolean {
  try {
    const raw: unknown = JSON.parse(rawText(data));
    return typeof raw === 'object' && raw !== null && 'type' in raw && raw.type === 'ack';
  } catch {
    return false;
  }
}

function isAuthAttempt(raw: unknown): boolean {
  return typeof raw === 'object' && raw !== null && 'type' in raw && raw.type === 'auth';
}

/** The first field a schema rejected, as a dotted path; ours, never client text. */
function fieldOf(error: ZodError, whole: string): string {
  return error.issues[0]?.path.map(String).join('.') || whole;
}

function corr(id: string | undefined): { correlation_id?: string } {
  return id === undefined ? {} : { correlation_id: id };
}

function rawText(data: RawData): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  if (data instanceof ArrayBuffer) return Buffer.from(data).toString('utf8');
  return data.toString('utf8');
}
