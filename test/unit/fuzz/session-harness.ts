import { EventEmitter } from 'node:events';
import WebSocket from 'ws';
import type { Principal } from '../../../server/auth/api-keys';
import type { Logger } from '../../../server/log';
import {
  BookoviaSession,
  type SessionDeps,
} from '../../../server/transports/bookovia/session';

/** What a session answered to one frame: the reply types and codes, in order. */
export interface Outcome {
  replies: Array<{ type: string; code?: string }>;
  closed: number | undefined;
  /** Tasks the session failed on (logged as errors, answered `internal`). */
  failures: number;
}

const ADMIN: Principal = { keyId: 'k1', role: 'admin', fleets: new Set(['fleet-1']) };

/** The parts of a `ws` socket a session touches; nothing goes on a wire. */
class FakeSocket extends EventEmitter {
  readyState: number = WebSocket.OPEN;
  bufferedAmount = 0;
  readonly sent: string[] = [];
  closed: number | undefined;

  send(json: string): void {
    this.sent.push(json);
  }

  close(code: number): void {
    this.closed = code;
    this.readyState = WebSocket.CLOSED;
  }

  terminate(): void {
    this.readyState = WebSocket.CLOSED;
  }
}

function deps(onFailure: () => void): SessionDeps {
  const quiet: Logger = {
    debug() {},
    info() {},
    warn() {},
    error: onFailure,
    child: () => quiet,
  };
  const snapshot = (fleetId: string) => ({
    fleet_id: fleetId,
    fleet: { id: fleetId, name: fleetId, timezone: 'UTC' },
    roster: [],
    timestamp: '2026-03-10T10:00:00.000Z',
    seq: 0,
    vehicles: [],
    metrics: [],
  });
  return {
    authenticate: (key) => Promise.resolve(key === 'good-key' ? ADMIN : null),
    state: {
      fleetOf: () => undefined,
      snapshot: () => [],
    } as unknown as SessionDeps['state'],
    log: quiet,
    authTimeoutMs: 60_000,
    maxPayloadBytes: 1 << 16,
    compressAboveBytes: null,
    snapshots: { snapshot },
    recentAlerts: () => [],
    latestMetrics: () => undefined,
    actOnAlert: () =>
      Promise.resolve({ ok: false, code: 'not_found', message: 'No such alert' }),
  };
}

/** Lets the session's one-at-a-time queue run dry. */
function settle(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/**
 * Sends `frame` to a fresh session, authenticated first when asked, and
 * reports what it answered to that frame alone.
 */
export async function answerTo(frame: string, authenticated: boolean): Promise<Outcome> {
  let failures = 0;
  const ws = new FakeSocket();
  const session = new BookoviaSession(
    ws as unknown as WebSocket,
    { endpoint: { kind: 'multi' } },
    deps(() => (failures += 1)),
  );
  if (authenticated) {
    const auth = { type: 'auth', payload: { api_key: 'good-key' } };
    ws.emit('message', Buffer.from(JSON.stringify(auth)), false);
    await settle();
    ws.sent.length = 0;
  }
  ws.emit('message', Buffer.from(frame), false);
  await settle();
  ws.emit('close');
  void session;

  const replies = ws.sent.map((json) => {
    const m = JSON.parse(json) as { type: string; payload?: { code?: string } };
    const code = m.payload?.code;
    return code === undefined ? { type: m.type } : { type: m.type, code };
  });
  return { replies, closed: ws.closed, failures };
}
