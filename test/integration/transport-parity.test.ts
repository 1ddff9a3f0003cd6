import { io, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHANNELS, type Channel, type StreamMessage } from '../../lib/protocol';
import { keyOf, startServer, type TestServer } from '../support/server';
import { TestSocket } from '../support/ws-client';

/**
 * Socket.IO (the dashboard) and the Bookovia endpoint are two views of one
 * hub: watching the same fleet at the same time, they must see the same
 * messages on every channel. The common window runs from the moment both
 * are ready to the moment collection stops, by the fleet's `seq`.
 */
const FLEET = 'ann-arbor';
const COLLECT_MS = 15_000;
/** Time for messages already published at the end to arrive. */
const SETTLE_MS = 1000;

let server: TestServer;
let sio: Socket | undefined;
let raw: TestSocket | undefined;

beforeAll(async () => {
  server = await startServer({ REPLAY_SPEED: '60' });
});

afterAll(async () => {
  sio?.disconnect();
  raw?.close();
  await server.close();
});

type Seen = Pick<StreamMessage, 'id' | 'channel' | 'seq'>;

function idsByChannel(seen: Seen[], from: number, to: number) {
  const out = Object.fromEntries(CHANNELS.map((c) => [c, [] as string[]]));
  for (const m of seen) {
    const seq = m.seq ?? 0;
    if (seq > from && seq <= to) out[m.channel]?.push(m.id);
  }
  for (const ids of Object.values(out)) ids.sort();
  return out as Record<Channel, string[]>;
}

describe('both transports', () => {
  it(
    'deliver the same message ids on every channel of one fleet',
    async () => {
      const key = keyOf(server, FLEET);
      const viaSocketIo: Seen[] = [];
      sio = io(server.base, {
        // The spec's JSON envelopes, one per fix, to compare ids with.
        auth: { apiKey: key, fleetId: FLEET, positions: 'json' },
        transports: ['websocket'],
        reconnection: false,
        forceNew: true,
      });
      for (const channel of CHANNELS) {
        sio.on(channel, (m: StreamMessage) => viaSocketIo.push(m));
      }
      const sioReady = new Promise((resolve) => sio?.once('snapshot', resolve));

      const subs = CHANNELS.join(',');
      raw = await TestSocket.open(
        `${server.wsBase}/v1/streaming/websocket?api_key=${key}` +
          `&fleet_id=${FLEET}&subscriptions=${subs}`,
      );
      await raw.next((m) => m.type === 'auth_success');
      await sioReady;

      const from = server.app.hub.seq(FLEET);
      await new Promise((r) => setTimeout(r, COLLECT_MS));
      const to = server.app.hub.seq(FLEET);
      await new Promise((r) => setTimeout(r, SETTLE_MS));

      const viaBookovia = raw.messages.filter((m): m is typeof m & Seen =>
        (CHANNELS as readonly string[]).includes(m.channel ?? ''),
      );
      const bookovia = idsByChannel(viaBookovia, from, to);
      const socketIo = idsByChannel(viaSocketIo, from, to);

      expect(to - from).toBeGreaterThan(0);
      expect(bookovia['vehicle_locations'].length).toBeGreaterThan(0);
      expect(bookovia).toEqual(socketIo);
    },
    COLLECT_MS + 15_000,
  );
});
