import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { StreamMessage } from '../../../lib/protocol';
import type { Principal } from '../../../server/auth/api-keys';
import type { Logger } from '../../../server/log';
import type { Published } from '../../../server/stream/hub';
import {
  BookoviaSession,
  type SessionDeps,
} from '../../../server/transports/bookovia/session';

const FLEET = 'fleet-1';
const MAX = 1000;
const ADMIN: Principal = { keyId: 'k1', role: 'admin', fleets: new Set([FLEET]) };

/** The parts of a `ws` socket a session touches, its backlog set by the test. */
class FakeSocket extends EventEmitter {
  readyState: number = WebSocket.OPEN;
  bufferedAmount = 0;
  readonly sent: string[] = [];
  closed: { code: number; reason: string } | undefined;

  send(json: string): void {
    this.sent.push(json);
  }

  close(code: number, reason: string): void {
    this.closed = { code, reason };
    this.readyState = WebSocket.CLOSING;
  }

  terminate(): void {
    this.readyState = WebSocket.CLOSED;
  }
}

const quiet: Logger = {
  debug() {},
  info() {},
  warn() {},
  error() {},
  child: () => quiet,
};

function deps(): SessionDeps {
  return {
    authenticate: (key) => Promise.resolve(key === 'good-key' ? ADMIN : null),
    state: { fleetOf: () => undefined } as unknown as SessionDeps['state'],
    log: quiet,
    authTimeoutMs: 60_000,
    maxPayloadBytes: 1 << 16,
    compressAboveBytes: null,
    snapshots: { snapshot: () => ({}) as never },
    recentAlerts: () => [],
    latestMetrics: () => undefined,
    maxBufferedBytes: MAX,
  };
}

async function session(): Promise<{ ws: FakeSocket; s: BookoviaSession }> {
  const ws = new FakeSocket();
  const s = new BookoviaSession(
    ws as unknown as WebSocket,
    { endpoint: { kind: 'multi' } },
    deps(),
  );
  const auth = {
    type: 'auth',
    payload: { api_key: 'good-key', subscriptions: ['vehicle_locations'] },
  };
  ws.emit('message', Buffer.from(JSON.stringify(auth)), false);
  await new Promise((resolve) => setImmediate(resolve));
  ws.sent.length = 0;
  return { ws, s };
}

let seq = 0;
function position(vehicleId: string): Published {
  seq += 1;
  const message = {
    type: 'location_update',
    id: `m-${seq}`,
    seq,
    timestamp: '2026-03-10T10:00:00.000Z',
    channel: 'vehicle_locations',
    payload: {
      vehicle_id: vehicleId,
      fleet_id: FLEET,
      timestamp: '2026-03-10T10:00:00.000Z',
      location: { latitude: 1, longitude: 2 },
    },
  } as StreamMessage;
  return { fleetId: FLEET, message, json: () => JSON.stringify(message) };
}

const ids = (ws: FakeSocket) => ws.sent.map((j) => (JSON.parse(j) as { id: string }).id);

describe('a Bookovia session behind on its socket', () => {
  it('holds positions back, then sends each vehicle’s newest once drained', async () => {
    const { ws, s } = await session();
    ws.bufferedAmount = MAX + 1;
    const old = position('bus-1');
    const newer = position('bus-1');
    const other = position('bus-2');
    s.deliver(old);
    s.deliver(newer);
    s.deliver(other);
    expect(ws.sent).toEqual([]);

    ws.bufferedAmount = 0;
    const next = position('bus-3');
    s.deliver(next);

    expect(ids(ws)).toEqual([newer.message.id, other.message.id, next.message.id]);
  });

  it('closes with 1008 slow_consumer when it falls four times over the bound', async () => {
    const { ws, s } = await session();
    ws.bufferedAmount = MAX * 4 + 1;

    s.deliver(position('bus-1'));

    expect(ws.closed).toEqual({ code: 1008, reason: 'slow_consumer' });
    expect(ws.sent).toEqual([]);
  });
});
