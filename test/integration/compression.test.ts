import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { Principal } from '../../server/auth/api-keys';
import { FleetState } from '../../server/fleet/fleet-state';
import { createLogger } from '../../server/log';
import { StreamHub } from '../../server/stream/hub';
import {
  createBookoviaServer,
  type BookoviaOptions,
} from '../../server/transports/bookovia/server';
import { createSnapshotSource } from '../../server/transports/snapshot';
import { TestSocket } from '../support/ws-client';

const FLEET = 'fleet-1';
const KEY = 'compression-key-0123456789';
const stops: Array<() => Promise<void>> = [];

afterEach(async () => {
  for (const stop of stops.splice(0)) await stop();
});

/** Only the Bookovia endpoints, on 127.0.0.1, one key for one fleet. */
async function start(compression: BookoviaOptions['compression']): Promise<string> {
  const state = new FleetState();
  state.registerFleet({ id: FLEET, name: 'Fleet 1', timezone: 'UTC' });
  const hub = new StreamHub();
  const principal: Principal = { keyId: 'k', role: 'admin', fleets: new Set([FLEET]) };
  const bookovia = createBookoviaServer({
    hub,
    state,
    log: createLogger('silent'),
    snapshots: createSnapshotSource(state, hub),
    authenticate: (key) => Promise.resolve(key === KEY ? principal : null),
    authTimeoutMs: 10_000,
    ...(compression && { compression }),
  });
  const server = http.createServer((_req, res) => res.writeHead(404).end());
  server.on('upgrade', (req, socket, head) => {
    if (!bookovia.handleUpgrade(req, socket, head)) socket.destroy();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  stops.push(async () => {
    await bookovia.close();
    await new Promise((resolve) => server.close(resolve));
  });
  const { port } = server.address() as AddressInfo;
  return `ws://127.0.0.1:${port}/v1/streaming/websocket?api_key=${KEY}`;
}

describe('permessage-deflate on the Bookovia endpoints', () => {
  it('is negotiated with a client that offers it when compression is on', async () => {
    const ws = await TestSocket.open(await start({ threshold: 1024 }));

    await ws.next((m) => m.type === 'auth_success');

    expect(ws.ws.extensions).toContain('permessage-deflate');
    ws.close();
  });

  it('is declined when compression is off', async () => {
    const ws = await TestSocket.open(await start(undefined));

    await ws.next((m) => m.type === 'auth_success');

    expect(ws.ws.extensions).toBe('');
    ws.close();
  });

  it('keeps every reply readable across the threshold', async () => {
    const ws = await TestSocket.open(await start({ threshold: 128 }));
    await ws.next((m) => m.type === 'auth_success');

    ws.send({ type: 'ping', id: 'p' });
    ws.send({
      type: 'request',
      id: 'r',
      payload: { data: { resource: 'x'.repeat(200) } },
    });

    expect((await ws.next((m) => m.id === 'p')).type).toBe('pong');
    expect((await ws.next((m) => m.id === 'r')).payload['code']).toBe('invalid_message');
    ws.close();
  });
});
