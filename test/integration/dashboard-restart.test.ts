import { afterEach, describe, expect, it } from 'vitest';
import { openStreamSocket } from '../../components/stream-socket';
import type { FleetSocket } from '../../components/fleet-store-context';
import { keyOf, startServer, type TestServer } from '../support/server';
import { TcpProxy } from '../support/tcp-proxy';

const FLEET = 'ann-arbor';
const servers: TestServer[] = [];
const cleanup: Array<() => unknown> = [];

afterEach(async () => {
  for (const c of cleanup.splice(0)) await c();
  for (const s of servers.splice(0)) await s.close();
  Reflect.deleteProperty(globalThis, 'location');
});

/** Resolves once `done` holds, failing loudly after a deadline. */
async function until(done: () => boolean, what: string, timeoutMs = 15_000) {
  const deadline = Date.now() + timeoutMs;
  while (!done()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

async function upgraded(server: TestServer): Promise<boolean> {
  const text = await (await fetch(`${server.base}/metrics`)).text();
  return /^fleetlight_connections\{transport="socketio_websocket"\} 1$/m.test(text);
}

async function untilAsync(done: () => Promise<boolean>, what: string) {
  for (let i = 0; i < 300; i++) {
    if (await done()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe("the dashboard's socket across a drain", () => {
  it('reconnects on server-restart and is live on the next server', async () => {
    const first = await startServer();
    servers.push(first);
    const key = keyOf(first, FLEET);
    const balancer = await TcpProxy.start(Number(new URL(first.base).port));
    cleanup.push(() => balancer.close());
    // The page's own origin, which the dashboard connects to.
    Object.assign(globalThis, {
      location: new URL(`http://127.0.0.1:${balancer.port}/fleet/${FLEET}`),
    });
    const statuses: Array<[string, string | null | undefined]> = [];
    const snapshots: number[] = [];
    const socket: FleetSocket = openStreamSocket(key, FLEET, {
      onEvent: (e) => {
        if (e.name === 'snapshot') snapshots.push(e.data.vehicles.length);
      },
      onConnection: (status, detail) => statuses.push([status, detail]),
    });
    cleanup.push(() => socket.disconnect());
    await until(() => snapshots.length === 1, 'the first snapshot');
    // Polling first, as a page does; only a socket on the WebSocket is
    // sure to hear the notice (docs/OPERATIONS.md, Shutdown), and the
    // server must have seen the upgrade too.
    await untilAsync(() => upgraded(first), 'the upgrade');

    await first.close({ keepData: true });
    servers.splice(servers.indexOf(first), 1);
    const second = await startServer({ DEMO: 'off', DATA_DIR: first.dataDir });
    servers.push(second);
    balancer.retarget(Number(new URL(second.base).port));
    await until(() => snapshots.length === 2, 'the snapshot of the second server');

    expect(statuses).toContainEqual([
      'reconnecting',
      'The server is restarting; reconnecting…',
    ]);
    expect(statuses.at(-1)).toEqual(['live', undefined]);
  });
});
