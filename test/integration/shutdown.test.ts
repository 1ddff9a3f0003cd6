import { io, type Socket } from 'socket.io-client';
import { afterEach, describe, expect, it } from 'vitest';
import {
  RESTART_CLOSE_CODE,
  RESTART_CLOSE_REASON,
  type RestartNotice,
} from '../../lib/protocol';
import { keyOf, startServer } from '../support/server';
import { TestSocket } from '../support/ws-client';

const FLEET = 'ann-arbor';
const sockets: Socket[] = [];

afterEach(() => {
  for (const s of sockets.splice(0)) s.disconnect();
});

/** A dashboard socket on one transport that never reconnects by itself. */
async function dashboard(
  base: string,
  key: string,
  transport: 'websocket' | 'polling',
): Promise<{ notice: Promise<RestartNotice>; gone: Promise<string> }> {
  const socket = io(base, {
    auth: { apiKey: key, fleetId: FLEET },
    transports: [transport],
    reconnection: false,
    forceNew: true,
  });
  sockets.push(socket);
  await new Promise((r) => socket.once('snapshot', r));
  const notice = new Promise<RestartNotice>((r) => socket.once('server-restart', r));
  const gone = new Promise<string>((r) => socket.once('disconnect', r));
  return { notice, gone };
}

describe('shutting down', () => {
  it('closes Bookovia sockets with 1012 Service Restart and a reason', async () => {
    const server = await startServer();
    const ws = await TestSocket.open(
      `${server.wsBase}/v1/streaming/websocket?api_key=${keyOf(server, FLEET)}`,
    );
    await ws.next((m) => m.type === 'auth_success');

    await server.close();

    expect(await ws.closed).toEqual({
      code: RESTART_CLOSE_CODE,
      reason: RESTART_CLOSE_REASON,
    });
  });

  it('tells Socket.IO clients on both transports to reconnect, then drops them', async () => {
    const server = await startServer();
    const key = keyOf(server, FLEET);
    const ws = await dashboard(server.base, key, 'websocket');
    const polling = await dashboard(server.base, key, 'polling');

    await server.close();

    expect((await ws.notice).message).toMatch(/restarting/);
    // Not "io server disconnect", which a client takes as final. A polling
    // client between two polls cannot be told (docs/OPERATIONS.md,
    // Shutdown): it learns from its next poll failing, and retries too.
    expect(await ws.gone).toBe('transport close');
    expect(await polling.gone).not.toBe('io server disconnect');
  });

  it('answers a waiting long poll at once, empty, so the client polls elsewhere', async () => {
    const server = await startServer({ DEMO: 'on' });
    const key = keyOf(server, FLEET);
    const url = `${server.base}/v1/streaming/poll?fleet_id=${FLEET}`;
    const auth = { headers: { Authorization: `Bearer ${key}` } };
    const first = await (await fetch(url, auth)).json();
    const channels = 'channels=maintenance_alerts';
    const next = `${url}&${channels}&epoch=${first.epoch}&offset=${first.offsets[FLEET]}`;
    const waiting = fetch(`${next}&wait_ms=30000`, auth);
    await until(async () => (await scrapeLongPoll(server.base)) === 1);

    await server.close();

    const res = await waiting;
    expect(res.status).toBe(200);
    expect(res.headers.get('connection')).toBe('close');
    expect(await res.json()).toMatchObject({ status: 'replayed', events: [] });
  });

  it('counts as draining, for /readyz, from the moment the close begins', async () => {
    const server = await startServer();
    const closing = server.close();
    expect(server.app.ops.isDraining).toBe(true);
    await closing;
  });
});

async function scrapeLongPoll(base: string): Promise<number> {
  const text = await (await fetch(`${base}/metrics`)).text();
  const line = text
    .split('\n')
    .find((l) => l.startsWith('fleetlight_connections{transport="long_poll"}'));
  return Number(line?.split(' ')[1]);
}

/** Polls `check` until it holds, failing loudly after 10 s. */
async function until(check: () => unknown): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('condition never held');
}
