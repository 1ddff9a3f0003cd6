import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { afterEach, describe, expect, it } from 'vitest';
import { storeApiKey } from '../../server/auth/api-keys';
import { ROOT_DIR } from '../../server/config';
import {
  QUIET_FLEET,
  QUIET_KEY,
  raiseAlert,
  startQuietServer,
} from '../support/quiet-fleet';
import { dropDataDirDatabase } from '../support/database';
import { startServer, type TestServer } from '../support/server';
import { TcpProxy } from '../support/tcp-proxy';
import { TestSocket } from '../support/ws-client';

const DOWNSTREAM_KEY = 'flk_downstream-reader-key-0000000';

const servers: TestServer[] = [];
const proxies: TcpProxy[] = [];
const sockets: TestSocket[] = [];
const children: ChildProcessWithoutNullStreams[] = [];
const dirs: string[] = [];

afterEach(async () => {
  for (const s of sockets.splice(0)) s.close();
  for (const c of children.splice(0)) c.kill('SIGKILL');
  for (const p of proxies.splice(0)) await p.close();
  for (const s of servers.splice(0)) await s.close();
  for (const d of dirs.splice(0)) {
    await dropDataDirDatabase(d);
    fs.rmSync(d, { recursive: true, force: true });
  }
});

/** Resolves once `done` holds, failing loudly after a deadline. */
async function until(done: () => boolean, what: string, timeoutMs = 15_000) {
  const deadline = Date.now() + timeoutMs;
  while (!done()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** A Fleetlight bridged to the upstream behind `proxy`, with a reader key. */
async function startDownstream(proxy: TcpProxy): Promise<TestServer> {
  const down = await startServer(
    {
      DEMO: 'off',
      BOOKOVIA_UPSTREAM_URL: `ws://127.0.0.1:${proxy.port}`,
      BOOKOVIA_UPSTREAM_KEY: QUIET_KEY,
    },
    {
      bridge: {
        reconnect: { initialMs: 20, maxMs: 200 },
        heartbeat: { intervalMs: 200, timeoutMs: 1000 },
      },
    },
  );
  servers.push(down);
  await until(() => down.app.bridge?.live === true, 'the bridge to go live');
  await until(() => down.app.state.fleet(QUIET_FLEET) !== undefined, 'the fleet');
  await storeApiKey(down.app.db, DOWNSTREAM_KEY, {
    role: 'viewer',
    label: 'reader',
    fleets: [QUIET_FLEET],
  });
  return down;
}

/** A bare Bookovia socket on the downstream: no resume, no de-duplication. */
async function reader(down: TestServer): Promise<TestSocket> {
  const query =
    `api_key=${DOWNSTREAM_KEY}&fleet_id=${QUIET_FLEET}` +
    '&subscriptions=vehicle_locations,alerts';
  const socket = await TestSocket.open(`${down.wsBase}/v1/streaming/websocket?${query}`);
  sockets.push(socket);
  await socket.next((m) => m.type === 'auth_success');
  return socket;
}

const alertIds = (s: TestSocket) =>
  s.messages.filter((m) => m.channel === 'alerts').map((m) => m.payload['alert_id']);

/** A port nothing listens on: a link that is down. */
async function deadPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((r) => server.close(r));
  return port;
}

describe('bridge mode', () => {
  it('relays the upstream fleet, its positions and its alerts', async () => {
    const up = await startQuietServer({ LOCATION_INTERVAL_MS: '0' });
    servers.push(up);
    const proxy = await TcpProxy.start(Number(new URL(up.base).port));
    proxies.push(proxy);
    const down = await startDownstream(proxy);
    const socket = await reader(down);

    up.app.state.register({
      id: 'veh-gps',
      fleetId: QUIET_FLEET,
      label: 'Van 1',
      timeScale: 1,
    });
    const at = Date.now() - 1000;
    up.app.ingest.accept({
      vehicleId: 'veh-gps',
      deviceTime: at,
      lat: 42.28,
      lon: -83.74,
    });
    const alert = await raiseAlert(up, 1);

    const fix = await socket.next((m) => m.type === 'location_update');
    await socket.next((m) => m.payload['alert_id'] === alert);
    await down.app.bridge?.settled();

    expect(fix.payload).toMatchObject({
      vehicle_id: 'veh-gps',
      timestamp: new Date(at).toISOString(),
      location: { latitude: 42.28, longitude: -83.74 },
    });
    expect(down.app.state.state('veh-gps')?.fix.lat).toBe(42.28);
    expect(down.app.state.fleet(QUIET_FLEET)?.name).toBe('Quiet fleet');
    const stored = await down.app.alerts.openMessages(QUIET_FLEET);
    expect(stored.map((m) => m.payload.alert_id)).toEqual([alert]);
    const ready = await fetch(`${down.base}/readyz`);
    expect(await ready.json()).toMatchObject({ checks: { bridge: true } });
    const metrics = await (await fetch(`${down.base}/metrics`)).text();
    expect(metrics).toMatch(/^fleetlight_bridge_up 1$/m);
    expect(metrics).toMatch(
      /^fleetlight_bridge_messages_total\{channel="alerts",outcome="published"\} 1$/m,
    );
  });

  it('relays the upstream fleet metrics and derives none of its own', async () => {
    const up = await startQuietServer();
    servers.push(up);
    const proxy = await TcpProxy.start(Number(new URL(up.base).port));
    proxies.push(proxy);
    const down = await startDownstream(proxy);
    const published: string[] = [];
    down.app.hub.subscribe(({ fleetId, message }) => {
      if (message.channel === 'fleet_metrics') published.push(fleetId);
    });

    down.app.engine.publishMetrics();
    up.app.state.registerFleet({ id: QUIET_FLEET, name: 'Quiet fleet', timezone: 'UTC' });
    up.app.engine.publishMetrics();
    const relayed =
      /^fleetlight_bridge_messages_total\{channel="fleet_metrics",outcome="published"\} 1$/m;
    while (!relayed.test(await (await fetch(`${down.base}/metrics`)).text())) {
      await new Promise((r) => setTimeout(r, 50));
    }

    expect(published).toEqual([QUIET_FLEET]);
  });

  it(
    'loses nothing of an alert burst while the upstream link is down',
    { timeout: 90_000 },
    async () => {
      const up = await startQuietServer();
      servers.push(up);
      const upPort = Number(new URL(up.base).port);
      const proxy = await TcpProxy.start(upPort);
      proxies.push(proxy);
      const down = await startDownstream(proxy);
      const socket = await reader(down);

      const raised: string[] = [];
      let n = 0;
      const raiseSome = async (count: number) => {
        for (let i = 0; i < count; i++) {
          raised.push(await raiseAlert(up, ++n));
          await new Promise((r) => setTimeout(r, 10));
        }
      };
      await raiseSome(10);
      // Alerts sent into a link that carries nothing any more, then a cut
      // and an outage: every attempt to reconnect fails until it ends.
      proxy.stall();
      await raiseSome(5);
      proxy.retarget(await deadPort());
      proxy.cut();
      await until(() => down.app.bridge?.live === false, 'the bridge to see the cut');
      const outage = Date.now();
      while (Date.now() - outage < 3000) await raiseSome(5);
      expect(down.app.bridge?.live).toBe(false);
      proxy.retarget(upPort);
      await raiseSome(10);
      await until(() => alertIds(socket).length >= raised.length, 'every alert', 30_000);
      await down.app.bridge?.settled();

      expect(alertIds(socket)).toEqual(raised);
      const ready = await fetch(`${down.base}/readyz`);
      expect(ready.status).toBe(200);
    },
  );
});

describe('bridge mode across an upstream crash', () => {
  it(
    'gets the alerts the crash hid from the upstream database, each once',
    { timeout: 120_000 },
    async () => {
      const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'fleetlight-up-'));
      dirs.push(dataDir);
      let up = await spawnUpstream(dataDir);
      const proxy = await TcpProxy.start(up.port);
      proxies.push(proxy);
      const down = await startDownstream(proxy);
      const socket = await reader(down);

      const first = await up.raise(1);
      await socket.next((m) => m.payload['alert_id'] === first);
      // The link dies unnoticed; two alerts are stored upstream but never
      // reach the bridge before the upstream is killed.
      proxy.stall();
      const hidden = [await up.raise(2), await up.raise(3)];
      up.child.kill('SIGKILL');
      await new Promise((r) => up.child.once('exit', r));
      await until(() => down.app.bridge?.live === false, 'the bridge to see the crash');

      up = await spawnUpstream(dataDir);
      proxy.retarget(up.port);
      await until(() => down.app.bridge?.live === true, 'the bridge to come back');
      const after = await up.raise(4);
      await socket.next((m) => m.payload['alert_id'] === after);
      await down.app.bridge?.settled();

      expect(alertIds(socket)).toEqual([first, ...hidden, after]);
      const metrics = await (await fetch(`${down.base}/metrics`)).text();
      expect(metrics).toMatch(
        /^fleetlight_bridge_resets_total\{reason="epoch_changed"\} 1$/m,
      );
    },
  );
});

interface Upstream {
  child: ChildProcessWithoutNullStreams;
  port: number;
  raise(n: number): Promise<string>;
}

/** test/support/upstream-process.ts on `dataDir`, once it listens. */
async function spawnUpstream(dataDir: string): Promise<Upstream> {
  const script = path.join(ROOT_DIR, 'test', 'support', 'upstream-process.ts');
  const child = spawn(process.execPath, ['--import', 'tsx', script, dataDir], {
    cwd: ROOT_DIR,
  });
  children.push(child);
  const lines = createInterface({ input: child.stdout });
  const waiting: Array<(line: string) => void> = [];
  lines.on('line', (line) => waiting.shift()?.(line));
  const nextLine = () =>
    new Promise<string>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error('the upstream said nothing')),
        30_000,
      );
      waiting.push((line) => {
        clearTimeout(timer);
        resolve(line);
      });
    });
  const port = Number(/^port (\d+)$/.exec(await nextLine())?.[1]);
  if (!port) throw new Error('the upstream did not say its port');
  return {
    child,
    port,
    async raise(n) {
      const answer = nextLine();
      child.stdin.write(`raise ${n}\n`);
      const id = /^raised (\S+)$/.exec(await answer)?.[1];
      if (id === undefined) throw new Error(`alert ${n} was not raised`);
      return id;
    },
  };
}
