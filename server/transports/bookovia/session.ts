import { randomUUID } from 'node:crypto';
import WebSocket, { type RawData } from 'ws';
import {
  actionPayloadSchema,
  authPayloadSchema,
  channelsOf,
  clientMessageSchema,
  ERRORS,
  isChannel,
  type Channel,
  type ClientMessage,
  type ErrorCode,
  type Scope,
  type ServerSystemMessage,
} from '../../../lib/protocol';
import type { Principal } from '../../auth/api-keys';
import type { FleetState } from '../../fleet/fleet-state';
import type { Logger } from '../../log';
import type { Published } from '../../stream/hub';
import type { FleetSnapshotSource } from '../snapshot';
import type { Endpoint } from './endpoint';

export interface SessionDeps {
  authenticate: (key: string) => Promise<Principal | null>;
  state: FleetState;
  snapshots: FleetSnapshotSource;
  log: Logger;
  authTimeoutMs: number;
}

export interface Handshake {
  endpoint: Endpoint;
  apiKey?: string;
  fleetId?: string;
  subscriptions?: string[];
}

/** Above this many unsent bytes, positions are skipped (the next one supersedes). */
const POSITION_BACKLOG_BYTES = 1 << 20;

class Refusal extends Error {
  constructor(
    readonly code: ErrorCode,
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
  alive = true;

  constructor(
    private readonly ws: WebSocket,
    private readonly handshake: Handshake,
    private readonly deps: SessionDeps,
  ) {
    this.deadline = setTimeout(() => this.expire(), deps.authTimeoutMs);
    ws.on('message', (data, isBinary) =>
      this.enqueue(() => this.receive(data, isBinary)),
    );
    ws.on('pong', () => (this.alive = true));
    ws.on('close', () => clearTimeout(this.deadline));
    ws.on('error', (error) => deps.log.debug('socket error', { error: error.message }));
    if (handshake.apiKey !== undefined) {
      const { apiKey, fleetId, subscriptions } = handshake;
      this.enqueue(() => this.authenticate(apiKey, fleetId, subscriptions, undefined));
    }
  }

  /** Drops the connection without a close handshake (a dead network). */
  terminate(): void {
    this.ws.terminate();
  }

  /** Sends a stream message if this session subscribed to it and may see it. */
  deliver(p: Published): void {
    if (!this.principal || !this.subs.has(p.message.channel)) return;
    if (!this.fleets.has(p.fleetId) || !this.inScope(p)) return;
    if (this.ws.readyState !== WebSocket.OPEN) return;
    const isPosition = p.message.channel === 'vehicle_locations';
    if (isPosition && this.ws.bufferedAmount > POSITION_BACKLOG_BYTES) return;
    this.ws.send(p.json());
  }

  /**
   * Vehicle and trip scopes see only messages about their vehicle or trip;
   * fleet-wide messages (metrics) carry neither and are not theirs.
   */
  private inScope(p: Published): boolean {
    const payload = p.message.payload as { vehicle_id?: string; trip_id?: string };
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
      const field = parsed.error.issues[0]?.path.join('.') || 'message';
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
    if (
      msg.type === 'subscribe' ||
      msg.type === 'unsubscribe' ||
      msg.type === 'request'
    ) {
      return this.onAction(msg);
    }
    this.sendError('unknown_type', `Unknown message type "${msg.type}"`, msg.id);
  }

  private async onAuth(msg: ClientMessage): Promise<void> {
    const parsed = authPayloadSchema.safeParse(msg.payload ?? {});
    if (!parsed.success) {
      return this.refuse(
        new Refusal('missing_api_key', 'auth needs payload.api_key'),
        msg.id,
      );
    }
    const { api_key, fleet_id, subscriptions } = parsed.data;
    await this.authenticate(api_key, fleet_id, subscriptions, msg.id);
  }

  private async authenticate(
    key: string,
    fleetId: string | undefined,
    subscriptions: string[] | undefined,
    id: string | undefined,
  ): Promise<void> {
    try {
      const principal = await this.deps.authenticate(key);
      if (!principal)
        throw new Refusal('invalid_api_key', 'The API key is unknown or revoked');
      const { scope, fleets } = this.resolveScope(principal, fleetId);
      const unknown = (subscriptions ?? []).filter((c) => !isChannel(c));
      if (unknown.length > 0) {
        throw new Refusal('unknown_channel', `Unknown channel "${unknown[0]}"`);
      }
      this.principal = principal;
      this.scope = scope;
      this.fleets = fleets;
      for (const c of subscriptions ?? []) this.subs.add(c as Channel);
      clearTimeout(this.deadline);
      this.send({
        type: 'auth_success',
        ...this.meta(id),
        payload: {
          fleet_id: 'fleet_id' in scope ? scope.fleet_id : (fleetId ?? null),
          fleets: [...fleets],
          role: principal.role,
          scope,
          subscriptions: [...this.subs],
        },
      });
    } catch (error) {
      if (!(error instanceof Refusal)) throw error;
      this.refuse(error, id);
    }
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
        throw new Refusal('fleet_forbidden', `This key may not read fleet ${wanted}`);
      }
      return { scope: { kind: 'fleet', fleet_id: wanted }, fleets: only(wanted) };
    }
    if (ep.kind === 'vehicle') {
      const fleet = this.deps.state.fleetOf(ep.id);
      if (!fleet || !granted.has(fleet)) {
        throw new Refusal('not_found', `No vehicle ${ep.id} is visible to this key`);
      }
      return {
        scope: { kind: 'vehicle', vehicle_id: ep.id, fleet_id: fleet },
        fleets: only(fleet),
      };
    }
    const fleet = this.tripFleet(ep.id, granted);
    if (!fleet) throw new Refusal('not_found', `No trip ${ep.id} is visible to this key`);
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

  private onAction(msg: ClientMessage): void {
    const parsed = actionPayloadSchema.safeParse(msg.payload ?? {});
    if (!parsed.success) {
      return this.sendError('invalid_message', 'Invalid payload for ' + msg.type, msg.id);
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
      return this.sendError('unknown_channel', `Unknown channel "${bad}"`, msg.id);
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

  private onRequest(msg: ClientMessage, data: Record<string, unknown> | undefined): void {
    const resource = data?.['resource'] ?? data?.['type'];
    if (resource !== 'vehicles') {
      const text = 'Unknown request: set payload.data.resource to "vehicles"';
      return this.sendError('invalid_message', text, msg.id);
    }
    const vehicles = [...this.fleets].flatMap(
      (f) => this.deps.snapshots.snapshot(f).vehicles,
    );
    const visible = vehicles.filter((v) =>
      this.inScope({ fleetId: v.payload.fleet_id, message: v, json: () => '' }),
    );
    this.send({
      type: 'response',
      ...this.meta(msg.id),
      payload: { request: 'vehicles', data: visible, ...corr(msg.id) },
    });
  }

  private refuse(refusal: Refusal, id: string | undefined): void {
    this.send({
      type: 'auth_error',
      ...this.meta(id),
      payload: { code: refusal.code, message: refusal.message, ...corr(id) },
    });
    this.close(refusal.code, refusal.message);
  }

  private expire(): void {
    if (this.principal) return;
    const text = `Not authenticated within ${this.deps.authTimeoutMs} ms`;
    this.send({
      type: 'auth_error',
      ...this.meta(undefined),
      payload: { code: 'auth_timeout', message: text },
    });
    this.close('auth_timeout', text);
  }

  private close(code: ErrorCode, reason: string): void {
    const closeCode = ERRORS[code].close ?? 1008;
    // A close reason is limited to 123 bytes by RFC 6455 §5.5.
    this.ws.close(closeCode, Buffer.from(reason).subarray(0, 123).toString());
  }

  private sendError(code: ErrorCode, message: string, id?: string): void {
    this.send({
      type: 'error',
      ...this.meta(id),
      payload: { code, message, ...corr(id) },
    });
  }

  private send(message: ServerSystemMessage): void {
    if (this.ws.readyState !== WebSocket.OPEN) return;
    this.ws.send(JSON.stringify(message));
  }

  private meta(id: string | undefined): { id: string; timestamp: string } {
    return { id: id ?? randomUUID(), timestamp: new Date().toISOString() };
  }
}

function corr(id: string | undefined): { correlation_id?: string } {
  return id === undefined ? {} : { correlation_id: id };
}

function rawText(data: RawData): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  if (data instanceof ArrayBuffer) return Buffer.from(data).toString('utf8');
  return data.toString('utf8');
}
