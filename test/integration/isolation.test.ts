import { io } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keyOf, startServer, type TestServer } from '../support/server';
import { TestSocket } from '../support/ws-client';

// Field case C18: realtime data of one tenant must never reach another.
const A = 'austin-metrorapid';
const B = 'ann-arbor';

let server: TestServer;

beforeAll(async () => {
  server = await startServer();
});

afterAll(async () => {
  await server.close();
});

describe('fleet isolation', () => {
  it('gives a key of fleet B nothing of fleet A, whatever it asks for', async () => {
    const keyB = keyOf(server, B);
    const foreign: unknown[] = [];

    const sio = io(server.base, {
      auth: { apiKey: keyB, fleetId: B },
      transports: ['websocket'],
      reconnection: false,
      forceNew: true,
    });
    sio.onAny((_event, message: { payload?: { fleet_id?: string } }) => {
      if (message?.payload?.fleet_id === A) foreign.push(message);
    });
    await new Promise<void>((r) => sio.once('connect', () => r()));
    // Socket.IO rooms come from the handshake only; these events do nothing.
    sio.emit('subscribe', { fleetId: A });
    sio.emit('join', `fleet:${A}`);

    const ws = await TestSocket.open(
      `${server.wsBase}/v1/streaming/websocket?api_key=${keyB}&subscriptions=vehicle_locations`,
    );
    await ws.next((m) => m.type === 'auth_success');
    ws.send({ op: 'subscribe', channel: A });
    ws.send({ type: 'subscribe', payload: { channel: A } });
    ws.send({
      type: 'request',
      payload: { action: 'request', data: { resource: 'vehicles', fleet_id: A } },
    });
    await ws.next((m) => m.type === 'response');
    await new Promise((r) => setTimeout(r, 3000));

    const wsForeign = ws.messages.filter((m) => {
      const text = JSON.stringify(m);
      return text.includes(`"fleet_id":"${A}"`);
    });
    expect(
      ws.messages.filter((m) => m.type === 'location_update').length,
    ).toBeGreaterThan(0);
    expect(wsForeign).toEqual([]);
    expect(foreign).toEqual([]);
    sio.disconnect();
    ws.close();
  });
});
