import type {
  AlertEnvelope,
  Channel,
  ChannelMessages,
  ErrorPayload,
  LocationUpdate,
  PollAnswer,
  ResetPayload,
  ResetReason,
  Response,
  ResumedPayload,
  StreamMessage,
} from '../protocol';
import { needsAck } from '../protocol/critical';
import { RESTART_CLOSE_CODE } from '../protocol/restart';
import { offsetOf } from '../protocol/offsets';
import { backoffDelay, DEFAULT_BACKOFF, type BackoffOptions } from './backoff';
import { CriticalCache, type CachedState, type CacheOptions } from './cache';
import { StreamCursor } from './cursor';
import { Emitter } from './emitter';
import {
  poll,
  pollOptions,
  PollError,
  resumedOf,
  type LongPollOptions,
  type PollOptions,
} from './long-poll';
import { globalSocket, OPEN, type SocketFactory, type SocketLike } from './socket';
import { onWake, type WakeSource } from './wake';

export interface FleetClientOptions {
  /** A Bookovia endpoint, e.g. `ws://localhost:3000/v1/streaming/websocket`. */
  url: string;
  apiKey: string;
  /** The fleet to read on the multi-channel endpoint. */
  fleetId?: string;
  /**
   * `message` (default): the key travels in an `auth` message, out of the
   * URLs that proxies log. `query`: in `?api_key=`, as the spec also allows.
   */
  auth?: 'message' | 'query';
  /** The WebSocket class; the global one by default (pass `ws` in Node). */
  WebSocket?: SocketFactory;
  /** Waits between attempts (default 0.5 s doubling to 30 s, never giving up). */
  reconnect?: BackoffOptions;
  /**
   * A `ping` every `intervalMs` (default 15 s); no message at all within
   * `timeoutMs` after it (default 10 s) means the connection is dead.
   */
  heartbeat?: { intervalMs?: number; timeoutMs?: number };
  /** Most messages held for sending while disconnected (default 100). */
  maxQueued?: number;
  /**
   * Confirms high and critical alerts with `ack` once handled, and asks
   * the server to send them again until it does (default true).
   */
  acknowledge?: boolean;
  /** Where `online` and `visibilitychange` come from; null: nowhere. */
  wake?: WakeSource | null;
  /** The source of backoff jitter (default Math.random). */
  random?: () => number;
  /**
   * `auto` (default): WebSocket, falling back to HTTP long polling when
   * it keeps failing, and trying it again from time to time. Polling
   * reads one fleet, so without `fleetId` `auto` means `websocket`.
   */
  transport?: Transport;
  longPoll?: LongPollOptions;
  /**
   * Keeps the fleet's latest positions and open alerts, and hands them
   * over as `cached` on `connect()`. On by default, in memory; `false`
   * keeps nothing.
   */
  cache?: CacheOptions | false;
}

export type Transport = 'auto' | 'websocket' | 'long-poll';

/**
 * - `connecting`: opening the socket and authenticating;
 * - `resuming`: authenticated, catching up on what was missed;
 * - `live`: caught up; messages flow as they happen;
 * - `reconnecting`: waiting before the next attempt;
 * - `closed`: by `close()`, a refused key, or attempts exhausted.
 */
export type ConnectionState =
  'idle' | 'connecting' | 'resuming' | 'live' | 'reconnecting' | 'closed';

export interface StateDetail {
  /** Attempts since the client was last live. */
  attempt: number;
  /** The wait before the next attempt, while `reconnecting`. */
  delayMs?: number;
  /** Why the socket closed, when it did. */
  code?: number;
  reason?: string;
}

/** How a message reached a handler. */
export interface Delivery {
  /** It happened while the client was away and was replayed. */
  replayed: boolean;
  /** It is state from a snapshot, not an event as it happened. */
  snapshot: boolean;
}

export type ChannelHandler<C extends Channel> = (
  message: ChannelMessages[C],
  delivery: Delivery,
) => void;

/**
 * A resume that could not replay: offsets began again (`epoch_changed`) or
 * the missed events left the server's buffer (`gap`). Replace held alert
 * state with `alerts`; they and `vehicles` also reach the handlers.
 */
export interface ResetInfo {
  reason: ResetReason;
  message: string;
  alerts: AlertEnvelope[];
  vehicles: LocationUpdate[];
}

/** What `cached` hands over: saved earlier, so possibly out of date. */
export interface CachedInfo extends CachedState {
  stale: true;
}

export interface ClientEvents {
  state: (state: ConnectionState, detail: StateDetail) => void;
  /**
   * On `connect()`, what the cache kept from an earlier run, before any
   * connection: show it as stale until the stream replaces it.
   */
  cached: (info: CachedInfo) => void;
  /** Caught up after a reconnect by replay: nothing was lost. */
  resumed: (info: { replayed: number }) => void;
  reset: (info: ResetInfo) => void;
  /** The server refused a message (`error`) or the key (`auth_error`). */
  error: (error: ErrorPayload) => void;
  response: (response: Response) => void;
  /** A handler threw; the client carried on. */
  handlerError: (error: unknown) => void;
}

/** Refusals that trying again cannot cure (lib/protocol/errors.ts). */
const FATAL_CODES = new Set([4400, 4401, 4403, 4404]);
const FATAL_ERRORS = new Set([
  'invalid_api_key',
  'missing_api_key',
  'fleet_forbidden',
  'not_found',
  'invalid_message',
]);

type AnyHandler = (message: StreamMessage, delivery: Delivery) => void;

/**
 * A Bookovia streaming client that loses nothing in transit. Events
 * (alerts, trips, everything but positions) arrive once each and in order
 * across reconnects: the client resumes from the last `seq` it handled, and
 * drops what it has already seen. Positions are latest-state: a reconnect
 * brings the newest of each vehicle, and an older fix never replaces a
 * newer one. See README.md, Client SDK.
 */
export class FleetClient {
  private readonly opts: FleetClientOptions;
  private readonly Socket: SocketFactory | undefined;
  private readonly backoff: Required<BackoffOptions>;
  private readonly emitter: Emitter<ClientEvents>;
  private readonly handlers = new Map<Channel, Set<AnyHandler>>();
  private readonly cursor = new StreamCursor();
  private readonly queue: string[] = [];
  private socket: SocketLike | undefined;
  private current: ConnectionState = 'idle';
  private attempt = 0;
  /** Stream messages that came before `resumed`, delivered after it. */
  private held: StreamMessage[] = [];
  private refused = false;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  private pingTimer: ReturnType<typeof setInterval> | undefined;
  private pongTimer: ReturnType<typeof setTimeout> | undefined;
  private stopWake: () => void = () => {};
  private lastId = 0;
  private readonly idPrefix = Math.random().toString(36).slice(2, 8);
  private readonly polling: PollOptions | undefined;
  private mode: 'websocket' | 'long-poll';
  /** Trying the WebSocket again while polling: one failure goes back. */
  private upgrading = false;
  private pollAbort: AbortController | undefined;
  private upgradeTimer: ReturnType<typeof setTimeout> | undefined;
  private readonly cache: CriticalCache | undefined;

  constructor(opts: FleetClientOptions) {
    const Socket = opts.WebSocket ?? globalSocket();
    const transport = opts.transport ?? 'auto';
    this.opts = opts;
    this.Socket = Socket;
    this.backoff = { ...DEFAULT_BACKOFF, ...opts.reconnect };
    this.polling = transport === 'websocket' ? undefined : pollOptions(opts);
    if (!this.polling && (transport === 'long-poll' || !Socket)) {
      throw new TypeError(
        Socket
          ? 'Long polling reads one fleet: pass fleetId, and longPoll.fetch if no fetch here'
          : 'No WebSocket here: pass one in options.WebSocket',
      );
    }
    this.mode = transport === 'long-poll' || !Socket ? 'long-poll' : 'websocket';
    if (opts.cache !== false) {
      const key = `fleetlight:client:${opts.fleetId ?? '*'}`;
      this.cache = new CriticalCache(key, opts.cache);
    }
    let reporting = false;
    this.emitter = new Emitter((error) => {
      // A `handlerError` listener that throws is not told about itself.
      if (reporting) return;
      reporting = true;
      this.emitter.emit('handlerError', error);
      reporting = false;
    });
  }

  get state(): ConnectionState {
    return this.current;
  }

  /** What carries the stream now. */
  get transport(): 'websocket' | 'long-poll' {
    return this.mode;
  }

  on<K extends keyof ClientEvents & string>(event: K, listener: ClientEvents[K]) {
    return this.emitter.on(event, listener);
  }

  /**
   * Calls `handler` with every message of `channel`; answers the function
   * that stops it. The first handler of a channel subscribes to it, the
   * last one removed unsubscribes, and reconnects subscribe again.
   */
  subscribe<C extends Channel>(channel: C, handler: ChannelHandler<C>): () => void {
    const h = handler as unknown as AnyHandler;
    let set = this.handlers.get(channel);
    if (!set) {
      set = new Set();
      this.handlers.set(channel, set);
      if (this.authenticated()) this.sendSubscription('subscribe', [channel]);
    }
    set.add(h);
    return () => {
      if (!set.delete(h) || set.size > 0) return;
      this.handlers.delete(channel);
      if (this.authenticated()) this.sendSubscription('unsubscribe', [channel]);
    };
  }

  /**
   * Sends a message such as a `request`, now when live or else once the
   * client is caught up again. Answers its id, or undefined when the queue
   * is full (`maxQueued`). Give alert actions a `request_id` so a repeat
   * after a reconnect changes nothing twice.
   */
  send(type: string, payload: Record<string, unknown> = {}): string | undefined {
    const id = this.newId();
    const json = JSON.stringify({ type, id, timestamp: now(), payload });
    if (this.current === 'live' && this.mode === 'websocket') {
      this.write(json);
      return id;
    }
    if (this.queue.length >= (this.opts.maxQueued ?? 100)) return undefined;
    this.queue.push(json);
    return id;
  }

  /** Opens the connection; it then stays up until `close()`. */
  connect(): void {
    if (this.current !== 'idle' && this.current !== 'closed') return;
    this.refused = false;
    this.attempt = 0;
    if (this.opts.wake !== null) {
      this.stopWake = onWake(() => this.wake(), this.opts.wake);
    }
    // Before any attempt: a link that swallows packets can take the
    // heartbeat's whole timeout to fail, and an offline page shows
    // nothing meanwhile.
    const saved = this.cache?.load();
    if (saved) this.emitter.emit('cached', { ...saved, stale: true });
    this.open();
  }

  /** Closes for good; queued messages are dropped. */
  close(): void {
    const ws = this.socket;
    this.stop();
    this.stopWake();
    this.cache?.flush();
    this.queue.length = 0;
    if (ws) {
      detach(ws);
      ws.close(1000, 'Client closed');
    }
    this.setState('closed', { attempt: this.attempt });
  }

  private open(): void {
    const Socket = this.Socket;
    if (this.mode === 'long-poll' || !Socket) return this.openPoll();
    this.stop();
    this.setState('connecting', { attempt: this.attempt });
    let ws: SocketLike;
    try {
      ws = new Socket(this.endpoint());
    } catch {
      return this.retry({});
    }
    this.socket = ws;
    // Pings wait for the socket to open; one unanswered in time also
    // abandons a connection that never opens.
    const { intervalMs = 15_000 } = this.opts.heartbeat ?? {};
    this.pingTimer = setInterval(() => this.probe(), intervalMs);
    ws.onopen = () => this.onOpen();
    ws.onmessage = (event) => this.onMessage(event.data);
    ws.onclose = (event) => this.onClose(event.code, event.reason);
    // An error is always followed by a close, which decides what to do.
    ws.onerror = () => {};
  }

  private endpoint(): string {
    const { url, auth, apiKey, fleetId } = this.opts;
    if (auth !== 'query') return url;
    const u = new URL(url);
    u.searchParams.set('api_key', apiKey);
    if (fleetId !== undefined) u.searchParams.set('fleet_id', fleetId);
    const channels = this.channels();
    if (channels.length > 0) u.searchParams.set('subscriptions', channels.join(','));
    return u.toString();
  }

  private onOpen(): void {
    if (this.opts.auth === 'query') return;
    const { apiKey, fleetId } = this.opts;
    this.write(
      JSON.stringify({
        type: 'auth',
        id: this.newId(),
        payload: {
          api_key: apiKey,
          ...(fleetId !== undefined && { fleet_id: fleetId }),
          subscriptions: this.channels(),
        },
      }),
    );
  }

  private onMessage(data: unknown): void {
    this.alive();
    let message: { type?: unknown; channel?: unknown; payload?: unknown };
    try {
      message = JSON.parse(String(data)) as typeof message;
    } catch {
      return;
    }
    if (typeof message.channel === 'string') {
      const stream = message as StreamMessage;
      if (this.current === 'live') return this.deliver(stream, false);
      this.held.push(stream);
      return;
    }
    const payload = (message.payload ?? {}) as Record<string, unknown>;
    switch (message.type) {
      case 'auth_success':
        return this.onAuthenticated(payload['subscriptions']);
      case 'resumed':
        return this.onResumed(payload as unknown as ResumedPayload | ResetPayload);
      case 'auth_error':
        this.refused = FATAL_ERRORS.has(String(payload['code']));
        return this.emitter.emit('error', payload as unknown as ErrorPayload);
      case 'error':
        return this.emitter.emit('error', payload as unknown as ErrorPayload);
      case 'response':
        return this.emitter.emit('response', message as Response);
    }
  }

  /** Subscribes to what the handlers want and the key did not grant, then resumes. */
  private onAuthenticated(granted: unknown): void {
    const have = new Set(Array.isArray(granted) ? (granted as string[]) : []);
    const missing = this.channels().filter((c) => !have.has(c));
    if (missing.length > 0) this.sendSubscription('subscribe', missing);
    this.setState('resuming', { attempt: this.attempt });
    const ack = this.opts.acknowledge !== false;
    const data = { ...this.cursor.position(), ...(ack && { ack }) };
    this.write(JSON.stringify({ type: 'resume', id: this.newId(), payload: { data } }));
  }

  /**
   * The end of a resume. What came before it (the replay, and live events
   * that overtook it) is delivered now, in `seq` order, each once.
   */
  private onResumed(p: ResumedPayload | ResetPayload): void {
    const held = this.held;
    this.held = [];
    this.catchUp(p, held, true);
    this.goLive();
  }

  /**
   * Takes a resume's answer and the events that came with it. `missed`:
   * the first answer since the client was away, whose events below its
   * offsets are a replay.
   */
  private catchUp(
    p: ResumedPayload | ResetPayload,
    events: StreamMessage[],
    missed: boolean,
  ) {
    events.sort((a, b) => (a.seq ?? 0) - (b.seq ?? 0));
    if (p.status === 'reset') {
      this.cursor.catchUp(p.epoch, p.offsets, true);
      const { reason, message, alerts, vehicles } = p;
      this.cache?.replaceAlerts(alerts);
      this.emitter.emit('reset', { reason, message, alerts, vehicles });
      for (const alert of alerts)
        this.dispatch(alert, { replayed: false, snapshot: true });
    }
    for (const m of events) {
      const replayed = (m.seq ?? 0) <= (offsetOf(p.offsets, m.payload.fleet_id) ?? 0);
      this.deliver(m, missed && replayed && p.status === 'replayed');
    }
    this.cursor.catchUp(p.epoch, p.offsets, false);
    for (const v of p.vehicles) {
      if (this.cursor.admit(v)) this.dispatch(v, { replayed: false, snapshot: true });
    }
    if (missed && p.status === 'replayed') {
      this.emitter.emit('resumed', { replayed: p.replayed });
    }
  }

  private goLive(): void {
    this.attempt = 0;
    this.upgrading = false;
    this.setState('live', { attempt: 0 });
    if (this.mode === 'long-poll') return this.scheduleUpgrade();
    for (const json of this.queue.splice(0)) this.write(json);
  }

  /**
   * Hands a new message to its handlers. A critical one is confirmed
   * after they ran, and again when it comes twice: the first `ack` may be
   * what was lost.
   */
  private deliver(message: StreamMessage, replayed: boolean): void {
    if (this.cursor.admit(message)) this.dispatch(message, { replayed, snapshot: false });
    if (this.opts.acknowledge === false || !needsAck(message)) return;
    if (message.seq === undefined) return;
    const offsets = { [message.payload.fleet_id]: message.seq };
    this.write(
      JSON.stringify({ type: 'ack', id: this.newId(), payload: { data: { offsets } } }),
    );
  }

  private dispatch(message: StreamMessage, delivery: Delivery): void {
    this.cache?.record(message);
    for (const handler of [...(this.handlers.get(message.channel) ?? [])]) {
      try {
        handler(message, delivery);
      } catch (error) {
        this.emitter.emit('handlerError', error);
      }
    }
  }

  private onClose(code: number, reason: string): void {
    this.stop();
    if (this.refused || FATAL_CODES.has(code)) {
      return this.setState('closed', { attempt: this.attempt, code, reason });
    }
    if (code === RESTART_CLOSE_CODE) return this.restarted(code, reason);
    this.retry({ code, reason });
  }

  /**
   * The server is shutting down and said so (1012). That is no failure:
   * the backoff starts over and the client reconnects at once, since the
   * server stopped accepting before it said goodbye, so the balancer in
   * front sends the new connection to a node that is still serving.
   */
  private restarted(code: number, reason: string): void {
    this.attempt = 0;
    this.setState('reconnecting', { attempt: 0, delayMs: 0, code, reason });
    this.open();
  }

  private retry(why: { code?: number; reason?: string }): void {
    this.stop();
    if (this.fallBack()) return this.openPoll();
    if (this.attempt >= this.backoff.maxAttempts) {
      return this.setState('closed', { attempt: this.attempt, ...why });
    }
    const delayMs = backoffDelay(this.attempt, this.backoff, this.opts.random);
    this.attempt++;
    this.setState('reconnecting', { attempt: this.attempt, delayMs, ...why });
    this.retryTimer = setTimeout(() => this.open(), delayMs);
  }

  /** The page came back or the network did: try now rather than later. */
  private wake(): void {
    if (this.current === 'reconnecting') return this.open();
    if (this.current === 'live' && this.mode === 'websocket') this.probe();
  }

  /**
   * Whether to poll now rather than wait: `auto` after `fallbackAfter`
   * WebSocket failures in a row, and at once when a try at going back to
   * the WebSocket failed.
   */
  private fallBack(): boolean {
    if (!this.polling || this.mode === 'long-poll') return false;
    const after = this.opts.longPoll?.fallbackAfter ?? 3;
    if (!this.upgrading && this.attempt + 1 < after) return false;
    this.upgrading = false;
    this.mode = 'long-poll';
    return true;
  }

  private openPoll(): void {
    this.stop();
    this.setState('connecting', { attempt: this.attempt });
    const abort = new AbortController();
    this.pollAbort = abort;
    void this.pollLoop(abort.signal);
  }

  /**
   * Polls until stopped. Each poll is a resume from the cursor, so the
   * events come once each and in order, as on the socket; an `ack` means
   * nothing here, since the offset moves only past what was handled.
   */
  private async pollLoop(signal: AbortSignal): Promise<void> {
    const opts = this.polling;
    if (!opts) return;
    for (let first = true; !signal.aborted; first = false) {
      let answer: PollAnswer;
      try {
        answer = await poll(opts, this.pollFrom(opts.fleetId), this.channels(), signal);
      } catch (error) {
        if (!signal.aborted) this.pollFailed(error);
        return;
      }
      if (signal.aborted) return;
      this.catchUp(resumedOf(answer), answer.events, first);
      if (first) this.goLive();
    }
  }

  private pollFrom(fleetId: string): { epoch?: string; offset?: number } {
    const { epoch, offsets } = this.cursor.position();
    const offset = offsetOf(offsets, fleetId);
    return {
      ...(epoch !== undefined && { epoch }),
      ...(offset !== undefined && { offset }),
    };
  }

  private pollFailed(error: unknown): void {
    if (error instanceof PollError && FATAL_ERRORS.has(error.code)) {
      const code = error.code as ErrorPayload['code'];
      this.emitter.emit('error', { code, message: error.message });
      this.stop();
      return this.setState('closed', { attempt: this.attempt, reason: code });
    }
    this.retry({ reason: error instanceof Error ? error.message : String(error) });
  }

  /** While polling in `auto`, tries the WebSocket again after `upgradeMs`. */
  private scheduleUpgrade(): void {
    if (this.opts.transport === 'long-poll' || !this.Socket) return;
    const { upgradeMs = 60_000 } = this.opts.longPoll ?? {};
    this.upgradeTimer = setTimeout(() => {
      this.upgrading = true;
      this.mode = 'websocket';
      this.open();
    }, upgradeMs);
  }

  /** Pings, unless a ping is already waiting for its answer. */
  private probe(): void {
    if (this.pongTimer !== undefined) return;
    const { timeoutMs = 10_000 } = this.opts.heartbeat ?? {};
    this.pongTimer = setTimeout(() => this.dead(), timeoutMs);
    if (this.socket?.readyState !== OPEN) return;
    this.write(JSON.stringify({ type: 'ping', id: this.newId() }));
  }

  private alive(): void {
    clearTimeout(this.pongTimer);
    this.pongTimer = undefined;
  }

  /**
   * Nothing came back in time. A socket whose peer vanished may take
   * minutes to report its close, so it is abandoned rather than awaited.
   */
  private dead(): void {
    const ws = this.socket;
    if (ws) {
      detach(ws);
      ws.close(4000, 'Heartbeat timed out');
    }
    this.retry({ reason: 'heartbeat timed out' });
  }

  /** Drops the socket and every timer; held messages will be replayed. */
  private stop(): void {
    clearTimeout(this.retryTimer);
    clearInterval(this.pingTimer);
    clearTimeout(this.upgradeTimer);
    this.pollAbort?.abort();
    this.pollAbort = undefined;
    this.upgradeTimer = undefined;
    this.alive();
    this.retryTimer = undefined;
    this.pingTimer = undefined;
    this.socket = undefined;
    this.held = [];
  }

  private authenticated(): boolean {
    return this.current === 'resuming' || this.current === 'live';
  }

  private sendSubscription(action: 'subscribe' | 'unsubscribe', channels: Channel[]) {
    const payload = { action, data: { channels } };
    this.write(JSON.stringify({ type: action, id: this.newId(), payload }));
  }

  private channels(): Channel[] {
    return [...this.handlers.keys()];
  }

  private write(json: string): void {
    if (this.socket?.readyState === OPEN) this.socket.send(json);
  }

  private setState(state: ConnectionState, detail: StateDetail): void {
    this.current = state;
    this.emitter.emit('state', state, detail);
  }

  private newId(): string {
    return `${this.idPrefix}-${++this.lastId}`;
  }
}

/**
 * Silences an abandoned socket. No-ops rather than null: `ws` emits an
 * `error` when a handshake is cut short, and an EventEmitter with no
 * `error` listener throws it.
 */
function detach(ws: SocketLike): void {
  const ignore = () => {};
  ws.onopen = ignore;
  ws.onmessage = ignore;
  ws.onclose = ignore;
  ws.onerror = ignore;
}

function now(): string {
  return new Date().toISOString();
}
