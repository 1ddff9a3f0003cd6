import { io } from 'socket.io-client';
import { describe, expect, it } from 'vitest';
import { keyOf, startServer } from '../support/server';
import { TestSocket } from '../support/ws-client';

describe('shutting down', () => {
  it('closes promptly with dashboards connected, telling each client to go', async () => {
    const server = await startServer();
    const fleetId = 'ann-arbor';
    const sio = io(server.base, {
      auth: { apiKey: keyOf(server, fleetId), fleetId },
      transports: ['websocket'],
      reconnection: false,
      forceNew: true,
    });
    await new Promise<void>((r) => sio.once('connect', () => r()));
    const sioGone = new Promise<string>((r) =>
      sio.once('disconnect', (reason) => r(reason)),
    );
    const ws = await TestSocket.open(
      `${server.wsBase}/v1/streaming/websocket?api_key=${keyOf(server, fleetId)}`,
    );
    await ws.next((m) => m.type === 'auth_success');

    const started = Date.now();
    await server.close();

    expect(Date.now() - started).toBeLessThan(5000);
    expect((await ws.closed).code).toBe(1001);
    expect(await sioGone).toBe('io server disconnect');
  });
});
