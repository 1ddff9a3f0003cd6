import type http from 'node:http';
import { z } from 'zod';
import {
  CHANNELS,
  clip,
  isChannel,
  type Channel,
  type PollAnswer,
  type StreamMessage,
} from '../../lib/protocol';
import type { Principal } from '../auth/api-keys';
import type { SentMeter } from '../http/delivery-metrics';
import { bearerKey, sendError, sendJson } from '../http/respond';
import { CONNECTION_RETRY_AFTER_S, type ConnectionLimit } from '../limits';
import type { StreamHub } from '../stream/hub';
import { planResume, type OpenAlerts, type ResumeSource } from './bookovia/resume';
import type { FleetSnapshotSource } from './snapshot';
import type { WatchFleets } from './watch';

export const POLL_PATH = '/v1/streaming/poll';

/** The longest a poll may wait for an event, and its default. */
export const MAX_WAIT_MS = 30_000;
export const DEFAULT_WAIT_MS = 25_000;

/** Most events one poll answers; the next poll takes the rest. */
export const MAX_POLL_EVENTS = 500;

export interface LongPollDeps {
  hub: StreamHub;
  replay: ResumeSource;
  snapshots: FleetSnapshotSource;
  openAlerts: OpenAlerts;
  authenticate: (key: string) => Promise<Principal | null>;
  /** Told of each live event a waiting poll is answered with. */
  sent?: SentMeter;
  /** Scale-out: loads the fleet on this node for the length of a poll. */
  watch?: WatchFleets | undefined;
  /** Polls each key may hold open, shared with the other transports. */
  connections?: ConnectionLimit;
}

export type { PollAnswer };

const querySchema = z.object({
  fleet_id: z.string().min(1).max(128),
  channels: z.string().max(512).optional(),
  epoch: z.string().min(1).max(64).optional(),
  offset: z.coerce.number().int().min(0).max(Number.MAX_SAFE_INTEGER).optional(),
  wait_ms: z.coerce.number().int().min(0).max(MAX_WAIT_MS).optional(),
});

/**
 * The fleet stream over HTTP long polling, for clients that cannot keep a
 * WebSocket open (the spec's "fallback mechanisms (HTTP polling)"). Each
 * `GET /v1/streaming/poll` is a `resume`: with the epoch and offset of the
 * previous answer it gets the events after it at once, or waits up to
 * `wait_ms` for the next one; without them, or past the replay buffer,
 * a reset with the open alerts. Positions are latest-state, as on the
 * socket: `vehicles` holds the newest of each when `vehicle_locations` is
 * asked for. See docs/protocol.md, HTTP long polling.
 */
export function createLongPoll(deps: LongPollDeps) {
  /** Each poll held open: whose, how to answer it now empty, and as revoked. */
  const waiting = new Map<
    () => void,
    { principal: Principal; empty: () => void; revoke: () => void }
  >();

  async function handle(req: http.IncomingMessage, res: http.ServerResponse) {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (url.pathname.replace(/\/$/, '') !== POLL_PATH) return false;
    if (req.method !== 'GET') {
      sendError(res, 'not_found', `No route ${req.method} ${POLL_PATH}`);
      return true;
    }
    const key = bearerKey(req);
    if (!key) {
      sendError(res, 'missing_api_key', 'Send your key as Authorization: Bearer <key>');
      return true;
    }
    const principal = await deps.authenticate(key);
    if (!principal) {
      sendError(res, 'invalid_api_key', 'The API key is unknown or revoked');
      return true;
    }
    const parsed = querySchema.safeParse(Object.fromEntries(url.searchParams));
    if (!parsed.success) {
      const field = parsed.error.issues[0]?.path.join('.') || 'query';
      sendError(res, 'invalid_message', `Invalid poll: check ${field}`);
      return true;
    }
    const q = parsed.data;
    if (!principal.fleets.has(q.fleet_id)) {
      sendError(res, 'not_found', `No fleet ${clip(q.fleet_id)} is visible to this key`);
      return true;
    }
    const names = q.channels?.split(',').filter(Boolean) ?? [...CHANNELS];
    const bad = names.find((c) => !isChannel(c));
    if (bad !== undefined) {
      sendError(res, 'unknown_channel', `Unknown channel "${clip(bad)}"`);
      return true;
    }
    // A poll holds a slot while it is answered or waits, like a socket.
    const release = deps.connections ? deps.connections.acquire(principal.keyId) : noop;
    if (!release) {
      const limit = deps.connections?.perKey;
      res.setHeader('Retry-After', String(CONNECTION_RETRY_AFTER_S));
      const text = `This key already holds ${limit} connections to this server: close one, then retry`;
      sendError(res, 'too_many_connections', text);
      return true;
    }
    const unwatch = await deps.watch?.([q.fleet_id]);
    try {
      await answer(res, q, new Set(names as Channel[]), principal);
    } finally {
      unwatch?.();
      release();
    }
    return true;
  }

  async function answer(
    res: http.ServerResponse,
    q: z.infer<typeof querySchema>,
    channels: ReadonlySet<Channel>,
    principal: Principal,
  ): Promise<void> {
    const fleetId = q.fleet_id;
    const events = new Set(channels);
    events.delete('vehicle_locations');
    const resume = {
      ...(q.epoch !== undefined && { epoch: q.epoch }),
      ...(q.offset !== undefined && { offset: q.offset }),
    };
    const plan = planResume(resume, [fleetId], events, deps.replay);
    const epoch = deps.replay.epoch;
    const vehicles = () =>
      channels.has('vehicle_locations') ? deps.snapshots.snapshot(fleetId).vehicles : [];

    if (plan.status === 'reset') {
      const { reason, message, offsets } = plan;
      const open = await deps.openAlerts(fleetId);
      const alerts = open.filter((a) => events.has(a.channel));
      const body: PollAnswer = {
        status: 'reset',
        reason,
        message,
        epoch,
        offsets,
        events: [],
        vehicles: vehicles(),
        alerts,
      };
      return sendJson(res, 200, body);
    }
    const reply = (sent: StreamMessage[], offsets: Record<string, number>) => {
      const body: PollAnswer = {
        status: 'replayed',
        epoch,
        offsets,
        events: sent,
        vehicles: vehicles(),
      };
      sendJson(res, 200, body);
    };
    if (plan.events.length > 0) {
      const batch = plan.events.slice(0, MAX_POLL_EVENTS).map((p) => p.message);
      // A cut batch resumes after its last event, not at the stream's end.
      const last = batch.length < plan.events.length ? batch.at(-1)?.seq : undefined;
      return reply(batch, last === undefined ? plan.offsets : { [fleetId]: last });
    }
    const waitMs = q.wait_ms ?? DEFAULT_WAIT_MS;
    await waitForEvent(res, principal, fleetId, events, waitMs, reply);
  }

  /** Answers with the first event that comes, or nothing after `waitMs`. */
  function waitForEvent(
    res: http.ServerResponse,
    principal: Principal,
    fleetId: string,
    events: ReadonlySet<Channel>,
    waitMs: number,
    reply: (sent: StreamMessage[], offsets: Record<string, number>) => void,
  ): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        stop();
        waiting.delete(done);
        res.off('close', done);
        resolve();
      };
      const stop = deps.hub.subscribe((p) => {
        if (p.fleetId !== fleetId || !events.has(p.message.channel)) return;
        reply([p.message], { [fleetId]: p.message.seq ?? 0 });
        deps.sent?.('long_poll', p.message);
        done();
      });
      const empty = () => {
        reply([], { [fleetId]: deps.hub.seq(fleetId) });
        done();
      };
      const timer = setTimeout(empty, waitMs);
      const revoke = () => {
        done();
        sendError(res, 'invalid_api_key', 'This key has been revoked');
      };
      waiting.set(done, { principal, empty, revoke });
      // A client that gave up waiting is not answered. The response's
      // close, not the request's: a request closes once its body is read.
      res.on('close', done);
    });
  }

  return {
    handle,
    /** Polls waiting for an event now. */
    get waiting(): number {
      return waiting.size;
    },
    /**
     * Answers every waiting poll at once, with no events and the offset
     * reached: the client polls again straight away, through the balancer
     * to a node that is not shutting down, and misses nothing.
     */
    drain(): void {
      for (const held of [...waiting.values()]) held.empty();
    },
    /** Lets go of every poll still waiting; the server drops their sockets. */
    close(): void {
      for (const done of [...waiting.keys()]) done();
    },
    /** The principals of the polls held open now. */
    *principals(): Generator<Principal> {
      for (const held of waiting.values()) yield held.principal;
    },
    /** Answers 401 to every held poll whose key `isDead` says no longer works. */
    revoke(isDead: (principal: Principal) => boolean): void {
      for (const held of [...waiting.values()]) {
        if (isDead(held.principal)) held.revoke();
      }
    },
  };
}

function noop(): void {}
