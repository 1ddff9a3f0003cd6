import type {
  Channel,
  ErrorCode,
  PollAnswer,
  ResetPayload,
  ResumedPayload,
} from '../protocol';

/** The part of the global `fetch` the poller uses. */
export type FetchLike = (
  url: string,
  init: { headers: Record<string, string>; signal: AbortSignal },
) => Promise<{ status: number; json(): Promise<unknown> }>;

export interface LongPollOptions {
  /** Default: `/v1/streaming/poll` on the WebSocket's host. */
  url?: string;
  /** The global fetch by default. */
  fetch?: FetchLike;
  /** Consecutive WebSocket failures before `auto` polls (default 3). */
  fallbackAfter?: number;
  /** While polling, how often `auto` tries the WebSocket again (default 60 s). */
  upgradeMs?: number;
  /** How long the server may hold a poll open (default 25 s; 1–30 s). */
  waitMs?: number;
}

export interface PollOptions {
  /** `GET /v1/streaming/poll` on some host. */
  url: string;
  apiKey: string;
  fleetId: string;
  fetch: FetchLike;
  /** How long the server may hold a poll open, ms (1000–30000). */
  waitMs: number;
  /** Beyond `waitMs`, how long an answer may take before it is given up. */
  timeoutMs: number;
}

/** A poll the server refused (`code` from lib/protocol/errors.ts) or that failed. */
export class PollError extends Error {
  constructor(
    readonly code: ErrorCode | 'network',
    message: string,
    options?: { cause: unknown },
  ) {
    super(message, options);
    this.name = 'PollError';
  }
}

/**
 * One long poll: a resume from `epoch` and `offset` over HTTP. Answers
 * what the server sent, or throws a PollError: the server's code when it
 * refused, `network` when no answer came, or none in time.
 */
export async function poll(
  opts: PollOptions,
  from: { epoch?: string; offset?: number },
  channels: readonly Channel[],
  signal: AbortSignal,
): Promise<PollAnswer> {
  const q = new URLSearchParams({ fleet_id: opts.fleetId, wait_ms: String(opts.waitMs) });
  if (channels.length > 0) q.set('channels', channels.join(','));
  if (from.epoch !== undefined) q.set('epoch', from.epoch);
  if (from.offset !== undefined) q.set('offset', String(from.offset));

  // One controller for both the caller's abort and the deadline, since
  // AbortSignal.any is newer than some browsers the SDK runs in.
  const ctl = new AbortController();
  const abort = () => ctl.abort();
  signal.addEventListener('abort', abort);
  const timer = setTimeout(abort, opts.waitMs + opts.timeoutMs);
  try {
    const res = await opts.fetch(`${opts.url}?${q}`, {
      headers: { Authorization: `Bearer ${opts.apiKey}` },
      signal: ctl.signal,
    });
    const body = (await res.json()) as PollAnswer & {
      error?: { code: ErrorCode; message: string };
    };
    if (res.status === 200) return body;
    const error = body.error ?? { code: 'internal', message: `HTTP ${res.status}` };
    throw new PollError(error.code, error.message);
  } catch (error) {
    if (error instanceof PollError) throw error;
    throw new PollError('network', 'The poll got no answer', { cause: error });
  } finally {
    clearTimeout(timer);
    signal.removeEventListener('abort', abort);
  }
}

/** The poll endpoint beside a WebSocket endpoint: same host, http(s). */
export function pollUrlOf(socketUrl: string): string {
  const u = new URL('/v1/streaming/poll', socketUrl);
  u.protocol = u.protocol === 'wss:' ? 'https:' : 'http:';
  return u.toString();
}

/** What polling needs, or undefined when it cannot poll (no fleet or fetch). */
export function pollOptions(opts: {
  url: string;
  apiKey: string;
  fleetId?: string;
  longPoll?: LongPollOptions;
  heartbeat?: { timeoutMs?: number };
}): PollOptions | undefined {
  const lp = opts.longPoll ?? {};
  // Bound: a browser's fetch refuses to run with another `this`.
  const fetch = lp.fetch ?? globalThis.fetch?.bind(globalThis);
  if (opts.fleetId === undefined || !fetch) return undefined;
  return {
    url: lp.url ?? pollUrlOf(opts.url),
    apiKey: opts.apiKey,
    fleetId: opts.fleetId,
    fetch,
    // Under a second, an idle fleet would be polled in a busy loop.
    waitMs: Math.min(Math.max(lp.waitMs ?? 25_000, 1000), 30_000),
    timeoutMs: opts.heartbeat?.timeoutMs ?? 10_000,
  };
}

/** A poll's answer as the `resumed` it stands for. */
export function resumedOf(a: PollAnswer): ResumedPayload | ResetPayload {
  const { epoch, offsets, vehicles } = a;
  if (a.status === 'replayed') {
    return { status: 'replayed', epoch, offsets, vehicles, replayed: a.events.length };
  }
  return {
    status: 'reset',
    reason: a.reason ?? 'fresh',
    message: a.message ?? '',
    epoch,
    offsets,
    vehicles,
    alerts: a.alerts ?? [],
  };
}
