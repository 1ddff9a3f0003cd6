import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ERRORS, REQUEST_RESOURCES, type ErrorCode } from '../../lib/protocol';
import { FleetState } from '../../server/fleet/fleet-state';
import { createLogger } from '../../server/log';
import { StreamHub } from '../../server/stream/hub';
import { createBookoviaServer } from '../../server/transports/bookovia/server';
import { createSnapshotSource } from '../../server/transports/snapshot';
import { keyOf, startServer, type TestServer } from '../support/server';
import { TestSocket } from '../support/ws-client';

/**
 * Every row of lib/protocol/errors.ts a Bookovia socket can produce, each
 * driven end to end: the exact code and message, then either the close
 * code (an `auth_error` always closes, with the code as the reason) or
 * proof that the socket is still open and serving (an `error` never does).
 */
const A = 'austin-metrorapid';
const B = 'ann-arbor';
const PATH = '/v1/streaming/websocket';
const AUTH_TIMEOUT_MS = 1500;
const RESOURCES = REQUEST_RESOURCES.join(', ');

/** Rows no Bookovia socket can produce, and why. */
const NOT_ON_BOOKOVIA: Partial<Record<ErrorCode, string>> = {
  role_forbidden: 'only REST actions are role-gated',
  channel_forbidden: 'every role may read every channel of its fleets',
  alert_conflict: 'alerts are acted on over REST and Socket.IO only',
  origin_forbidden: 'a foreign page is refused before the upgrade, with HTTP 403',
  unsupported_media_type: 'only REST bodies have a content type',
  key_conflict: 'keys are managed over REST only',
  storage_unavailable: 'only HTTP ingest writes positions and pauses on a storage fault',
};

let server: TestServer;
/** A trip of fleet A in progress, found once the demo runs. */
let tripOfA = '';

interface Case {
  /** The spec or issue line the case covers. */
  line: string;
  code: ErrorCode;
  /** The endpoint path and query, given the running server. */
  url?: () => string;
  /** Frames sent once the socket is open. */
  frames?: () => unknown[];
  reply: 'auth_error' | 'error';
  /** A function where the text names something known only at run time. */
  message: string | (() => string);
  correlation?: string;
}

const withKeyOfA = () => `${PATH}?api_key=${keyOf(server, A)}&fleet_id=${A}`;
const request = (data: Record<string, unknown>) => ({
  type: 'request',
  id: 'r1',
  payload: { action: 'request', data },
});

const CLOSING: Case[] = [
  {
    line: 'spec, Query Parameter Authentication: an unknown key is refused',
    code: 'invalid_api_key',
    url: () => `${PATH}?api_key=flk_unknown-unknown-unknown&fleet_id=${A}`,
    reply: 'auth_error',
    message: 'The API key is unknown or revoked',
  },
  {
    line: 'spec, Message-Based Authentication: an unknown key is refused',
    code: 'invalid_api_key',
    frames: () => [
      { type: 'auth', id: 'a1', payload: { api_key: 'flk_nope-nope-nope' } },
    ],
    reply: 'auth_error',
    message: 'The API key is unknown or revoked',
    correlation: 'a1',
  },
  {
    line: 'spec, Message-Based Authentication: an auth message without api_key',
    code: 'missing_api_key',
    frames: () => [{ type: 'auth', id: 'a1', payload: { fleet_id: A } }],
    reply: 'auth_error',
    message: 'auth needs payload.api_key',
    correlation: 'a1',
  },
  {
    line: 'spec, Query Parameter Authentication: an empty ?api_key=',
    code: 'missing_api_key',
    url: () => `${PATH}?api_key=&fleet_id=${A}`,
    reply: 'auth_error',
    message: 'auth needs a non-empty api_key query parameter',
  },
  {
    line: 'spec, Message-Based Authentication: a fleet_id that is not a string',
    code: 'invalid_message',
    frames: () => [
      { type: 'auth', id: 'a1', payload: { api_key: keyOf(server, A), fleet_id: 7 } },
    ],
    reply: 'auth_error',
    message: 'Invalid auth payload: check fleet_id',
    correlation: 'a1',
  },
  {
    line: 'spec, Query Parameter Authentication: fleet_id=fleet_001 of another fleet',
    code: 'fleet_forbidden',
    url: () => `${PATH}?api_key=${keyOf(server, B)}&fleet_id=${A}`,
    reply: 'auth_error',
    message: `This key may not read fleet ${A}`,
  },
  {
    line: 'spec, Fleet Streaming: /fleet/{fleet_id} of another fleet',
    code: 'fleet_forbidden',
    url: () => `${PATH}/fleet/${A}?api_key=${keyOf(server, B)}`,
    reply: 'auth_error',
    message: `This key may not read fleet ${A}`,
  },
  {
    line: 'spec, Vehicle Streaming: /vehicle/{vehicle_id} unknown',
    code: 'not_found',
    url: () => `${PATH}/vehicle/bus-none?api_key=${keyOf(server, A)}`,
    reply: 'auth_error',
    message: 'No vehicle bus-none is visible to this key',
  },
  {
    line: 'spec, Trip Streaming: /trip/{trip_id} of another fleet, like an unknown one',
    code: 'not_found',
    url: () => `${PATH}/trip/${tripOfA}?api_key=${keyOf(server, B)}`,
    reply: 'auth_error',
    message: () => `No trip ${tripOfA} is visible to this key`,
  },
  {
    line: 'protocol.md: a socket not authenticated within AUTH_TIMEOUT_MS',
    code: 'auth_timeout',
    reply: 'auth_error',
    message: `Not authenticated within ${AUTH_TIMEOUT_MS} ms`,
  },
];

const OPEN: Case[] = [
  {
    line: 'spec, Authentication: any other message before auth',
    code: 'not_authenticated',
    url: () => PATH,
    frames: () => [{ type: 'subscribe', id: 's1', payload: { channel: 'alerts' } }],
    reply: 'error',
    message: 'Authenticate first: send an auth message or connect with ?api_key=',
    correlation: 's1',
  },
  {
    line: 'spec, Use structured error handling for malformed messages: not JSON',
    code: 'malformed_json',
    frames: () => ['{"type": "ping"'],
    reply: 'error',
    message: 'The message is not valid JSON',
  },
  {
    line: 'spec, Message Format: a message without type',
    code: 'invalid_message',
    frames: () => [{ id: 'x1', payload: {} }],
    reply: 'error',
    message: 'Invalid message: check type',
  },
  {
    line: 'spec, Message Format: a binary frame',
    code: 'invalid_message',
    frames: () => [Buffer.from('{"type":"ping"}')],
    reply: 'error',
    message: 'Send messages as JSON text frames',
  },
  {
    line: 'spec, Message Format: a type outside subscribe|unsubscribe|request',
    code: 'unknown_type',
    frames: () => [{ type: 'dance', id: 'd1' }],
    reply: 'error',
    message: 'Unknown message type "dance"',
    correlation: 'd1',
  },
  {
    line: 'spec, Subscription Types: a channel outside the eight',
    code: 'unknown_channel',
    frames: () => [
      {
        type: 'subscribe',
        id: 's1',
        payload: { action: 'subscribe', channel: 'gossip' },
      },
    ],
    reply: 'error',
    message: 'Unknown channel "gossip"',
    correlation: 's1',
  },
  {
    line: 'spec, Message-Based Authentication: an unknown name in subscriptions',
    code: 'unknown_channel',
    url: () => PATH,
    frames: () => [
      {
        type: 'auth',
        id: 'a1',
        payload: { api_key: keyOf(server, A), subscriptions: ['alerts', 'gossip'] },
      },
    ],
    reply: 'error',
    message: 'Unknown channel "gossip"',
    correlation: 'a1',
  },
  {
    line: 'spec, Outbound Messages: subscribe naming no channel',
    code: 'invalid_message',
    frames: () => [{ type: 'subscribe', id: 's1', payload: { action: 'subscribe' } }],
    reply: 'error',
    message: 'Name a channel in payload.channel',
    correlation: 's1',
  },
  {
    line: 'spec, Outbound Messages: a payload of the wrong shape',
    code: 'invalid_message',
    frames: () => [{ type: 'subscribe', id: 's1', payload: { channel: 5 } }],
    reply: 'error',
    message: 'Invalid payload for subscribe',
    correlation: 's1',
  },
  {
    line: 'issue: an unknown request resource names the accepted ones',
    code: 'invalid_message',
    frames: () => [request({ resource: 'drivers' })],
    reply: 'error',
    message: `Unknown request: set payload.data.resource to one of ${RESOURCES}`,
    correlation: 'r1',
  },
  {
    line: 'issue: a trip request without data.trip_id',
    code: 'invalid_message',
    frames: () => [request({ resource: 'trip' })],
    reply: 'error',
    message: 'A trip request needs payload.data.trip_id',
    correlation: 'r1',
  },
  {
    line: 'issue: a trip request for an unknown trip',
    code: 'not_found',
    frames: () => [request({ resource: 'trip', trip_id: 'trip-none' })],
    reply: 'error',
    message: 'No trip trip-none is visible to this key',
    correlation: 'r1',
  },
  {
    line: "issue: a trip outside the key's fleets answers like an unknown one",
    code: 'not_found',
    url: () => `${PATH}?api_key=${keyOf(server, B)}`,
    frames: () => [request({ resource: 'trip', trip_id: tripOfA })],
    reply: 'error',
    message: () => `No trip ${tripOfA} is visible to this key`,
    correlation: 'r1',
  },
];

const open: TestSocket[] = [];

beforeAll(async () => {
  server = await startServer({ AUTH_TIMEOUT_MS: String(AUTH_TIMEOUT_MS) });
  const onTrip = server.app.state.snapshot(A).find((s) => s.fix.tripId !== undefined);
  if (!onTrip?.fix.tripId) throw new Error(`no vehicle of ${A} is on a trip`);
  tripOfA = onTrip.fix.tripId;
});

afterAll(async () => {
  for (const s of open) s.close();
  await server.close();
});

async function connect(url: string): Promise<TestSocket> {
  const socket = await TestSocket.open(`${server.wsBase}${url}`);
  open.push(socket);
  return socket;
}

async function run(c: Case): Promise<TestSocket> {
  const ws = await connect(c.url?.() ?? (c.reply === 'error' ? withKeyOfA() : PATH));
  if (c.url === undefined && c.reply === 'error') {
    await ws.next((m) => m.type === 'auth_success');
  }
  for (const frame of c.frames?.() ?? []) {
    ws.ws.send(
      typeof frame === 'string' || Buffer.isBuffer(frame) ? frame : JSON.stringify(frame),
    );
  }
  const reply = await ws.next((m) => m.type === c.reply, AUTH_TIMEOUT_MS * 3);
  expect(reply.payload).toEqual({
    code: c.code,
    message: typeof c.message === 'string' ? c.message : c.message(),
    ...(c.correlation !== undefined && { correlation_id: c.correlation }),
  });
  return ws;
}

describe('Bookovia errors that close the socket', () => {
  it.each(CLOSING.map((c) => [c.line, c] as const))('%s', async (_line, c) => {
    const ws = await run(c);

    expect(await ws.closed).toEqual({ code: ERRORS[c.code].close, reason: c.code });
  });

  it('spec, Performance Optimization: a frame over 64 KiB closes with 1009, unanswered', async () => {
    const ws = await connect(withKeyOfA());
    await ws.next((m) => m.type === 'auth_success');
    const before = ws.messages.length;

    ws.send('x'.repeat(64 * 1024 + 1));

    expect(await ws.closed).toEqual({ code: ERRORS.payload_too_large.close, reason: '' });
    expect(ws.messages.slice(before)).toEqual([]);
  });
});

describe('Bookovia errors that leave the socket open', () => {
  it.each(OPEN.map((c) => [c.line, c] as const))('%s', async (_line, c) => {
    const ws = await run(c);
    let closed = false;
    void ws.closed.then(() => (closed = true));

    // Before auth a ping is refused too; the auth itself proves the socket open.
    const unauthenticated = c.code === 'not_authenticated';
    const probe = unauthenticated
      ? { type: 'auth', id: 'after', payload: { api_key: keyOf(server, A) } }
      : { type: 'ping', id: 'after' };
    ws.send(probe);

    const answer = unauthenticated ? 'auth_success' : 'pong';
    expect((await ws.next((m) => m.type === answer)).id).toBe('after');
    expect(closed).toBe(false);
  });

  it('errors.ts, internal: a failure handling a message is reported, not fatal', async () => {
    const url = await startFailingBookovia();
    const ws = await TestSocket.open(url);
    open.push(ws);

    ws.send({ type: 'auth', id: 'a1', payload: { api_key: 'any-key-at-all' } });

    const err = await ws.next((m) => m.type === 'error');
    expect(err.payload).toEqual({
      code: 'internal',
      message: 'The server failed to handle the message',
    });
    ws.send({ type: 'ping', id: 'after' });
    expect((await ws.next((m) => m.type === 'error', 5000, 1)).payload['code']).toBe(
      'not_authenticated',
    );
  });
});

describe('the error table', () => {
  it('has a case above for every code a Bookovia socket can produce', () => {
    const covered = new Set<string>([
      ...CLOSING.map((c) => c.code),
      ...OPEN.map((c) => c.code),
      'payload_too_large',
      'internal',
      // A socket that stops reading: test/unit/transports/session-backlog.test.ts.
      'slow_consumer',
      // Need a flood or a key's every slot: test/integration/limits.test.ts.
      'rate_limited',
      'too_many_connections',
    ]);
    const all = Object.keys(ERRORS).filter((code) => !(code in NOT_ON_BOOKOVIA));

    expect([...covered].sort()).toEqual(all.sort());
  });
});

/** Bookovia endpoints whose key lookup always fails, on 127.0.0.1. */
async function startFailingBookovia(): Promise<string> {
  const hub = new StreamHub();
  const state = new FleetState();
  const bookovia = createBookoviaServer({
    hub,
    state,
    log: createLogger('silent'),
    snapshots: createSnapshotSource(state, hub),
    authenticate: () => Promise.reject(new Error('the key store is down')),
    authTimeoutMs: 10_000,
  });
  const http1 = http.createServer((_req, res) => res.writeHead(404).end());
  http1.on('upgrade', (req, socket, head) => {
    if (!bookovia.handleUpgrade(req, socket, head)) socket.destroy();
  });
  await new Promise<void>((resolve) => http1.listen(0, '127.0.0.1', resolve));
  server.app.onClose(async () => {
    await bookovia.close();
    await new Promise((resolve) => http1.close(resolve));
  });
  const { port } = http1.address() as AddressInfo;
  return `ws://127.0.0.1:${port}${PATH}`;
}
