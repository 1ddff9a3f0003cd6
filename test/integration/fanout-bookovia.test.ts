import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { LocationUpdate } from '../../lib/protocol';
import type { Principal } from '../../server/auth/api-keys';
import { FleetState } from '../../server/fleet/fleet-state';
import { createLogger } from '../../server/log';
import { StreamHub } from '../../server/stream/hub';
import {
  createBookoviaServer,
  type BookoviaOptions,
  type BookoviaServer,
} from '../../server/transports/bookovia/server';
import { createSnapshotSource } from '../../server/transports/snapshot';
import { OP, RawSocket } from '../support/raw-ws';
import { TestSocket } from '../support/ws-client';

const FLEET = 'fleet-1';
const KEY = 'fanout-key-0123456789';
const stops: Array<() => Promise<void> | void> = [];

afterEach(async () => {
  for (const stop of stops.splice(0).reverse()) await stop();
});

interface Harness {
  url: string;
  hub: StreamHub;
  bookovia: BookoviaServer;
  warnings: string[];
}

type Options = Pick<BookoviaOptions, 'maxBufferedBytes' | 'maxHeldMs' | 'compression'>;

/** Only the Bookovia endpoints, on 127.0.0.1, one key for one fleet. */
async function start(opts: Options = {}): Promise<Harness> {
  const state = new FleetState();
  state.registerFleet({ id: FLEET, name: 'Fleet 1', timezone: 'UTC' });
  const hub = new StreamHub();
  const principal: Principal = { keyId: 'k', role: 'admin', fleets: new Set([FLEET]) };
  const warnings: string[] = [];
  const log = createLogger('warn', (line) => {
    warnings.push(String((JSON.parse(line) as { msg: string }).msg));
  });
  const bookovia = createBookoviaServer({
    hub,
    state,
    log,
    snapshots: createSnapshotSource(state, hub),
    authenticate: (key) => Promise.resolve(key === KEY ? principal : null),
    authTimeoutMs: 10_000,
    ...opts,
  });
  const server = http.createServer((_req, res) => res.writeHead(404).end());
  server.on('upgrade', (req, socket, head) => {
    if (!bookovia.handleUpgrade(req, socket, head)) socket.destroy();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  stops.push(async () => {
    await bookovia.close();
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });
  const { port } = server.address() as AddressInfo;
  const url =
    `ws://127.0.0.1:${port}/v1/streaming/websocket?api_key=${KEY}` +
    '&subscriptions=vehicle_locations';
  return { url, hub, bookovia, warnings };
}

/** A position of vehicle `n`, padded to about 600 bytes of JSON. */
function publishFix(hub: StreamHub, n: number): LocationUpdate {
  const timestamp = new Date(1_700_000_000_000 + n).toISOString();
  return hub.publish(FLEET, {
    type: 'location_update',
    timestamp,
    channel: 'vehicle_locations',
    payload: {
      vehicle_id: `v-${n % 100}`,
      fleet_id: FLEET,
      route_id: 'r'.repeat(400),
      timestamp,
      location: { latitude: 30 + n / 1e6, longitude: -97, speed: 40, heading: 90 },
    },
  }) as LocationUpdate;
}

const tick = () => new Promise((r) => setTimeout(r, 2));

describe('Bookovia fan-out', () => {
  it('sends each envelope as one text frame, byte for byte its JSON', async () => {
    const h = await start();
    const raw = await RawSocket.open(h.url);
    stops.push(() => raw.destroy());
    await raw.next((f) => String(f.payload).includes('auth_success'));

    const sent = [publishFix(h.hub, 1), publishFix(h.hub, 2), publishFix(h.hub, 3)];
    await raw.next((f) => String(f.payload).includes('"seq":3'));

    const frames = raw.frames.filter((f) =>
      String(f.payload).includes('location_update'),
    );
    expect(frames.map((f) => [f.opcode, f.fin, f.rsv])).toEqual([
      [OP.text, true, 0],
      [OP.text, true, 0],
      [OP.text, true, 0],
    ]);
    expect(frames.map((f) => String(f.payload))).toEqual(
      sent.map((m) => JSON.stringify(m)),
    );
  });

  it('deflates as before on a socket that negotiated compression', async () => {
    const h = await start({ compression: { threshold: 128 } });
    const ws = await TestSocket.open(h.url);
    stops.push(() => ws.ws.terminate());
    await ws.next((m) => m.type === 'auth_success');

    const sent = publishFix(h.hub, 1);
    const got = await ws.next((m) => m.type === 'location_update');

    expect(ws.ws.extensions).toContain('permessage-deflate');
    expect(got).toEqual(sent);
  });

  it('cuts a client that stops reading while the others receive everything', async () => {
    const h = await start({ maxBufferedBytes: 64 * 1024, maxHeldMs: 300 });
    const fast = await TestSocket.open(h.url);
    stops.push(() => fast.ws.terminate());
    const slow = await RawSocket.open(h.url);
    stops.push(() => slow.destroy());
    await fast.next((m) => m.type === 'auth_success');
    await slow.next((f) => String(f.payload).includes('auth_success'));
    slow.socket.pause();

    let published = 0;
    const deadline = Date.now() + 30_000;
    while (h.bookovia.sessions.size > 1) {
      if (Date.now() > deadline) throw new Error('the slow client was never cut');
      for (let i = 0; i < 40; i++) publishFix(h.hub, published++);
      await tick();
    }
    const all = await fast.collect((m) => m.type === 'location_update', published);

    expect(all.map((m) => m.seq)).toEqual(
      Array.from({ length: published }, (_, i) => i + 1),
    );
    expect(h.warnings).toContain('slow consumer cut');
  }, 60_000);
});
