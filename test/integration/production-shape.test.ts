import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { io, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodePositionBatch } from '../../lib/protocol';
import { ROOT_DIR } from '../../server/config';
import { findNginx, freePort, startNginx, type Nginx } from '../support/nginx';
import { keyOf, startServer, type TestServer } from '../support/server';
import { TestSocket } from '../support/ws-client';

/**
 * The production shape end to end: the realtime server (WEB=off) and the
 * pages' server behind deploy/nginx.conf, every check made through nginx.
 * The pages are the real standalone Next server when a build made one
 * (.next/standalone/server.js); otherwise a stand-in answering `/` with
 * MARKER, since what is under test is the routing, not the pages.
 */
const FLEET = 'ann-arbor';
const MARKER = 'fleetlight-web-stand-in';
const STANDALONE = path.join(ROOT_DIR, '.next', 'standalone', 'server.js');
const nginxBin = findNginx();

if (!nginxBin && process.env['CI'] === 'true') {
  throw new Error('nginx is missing: .ci/run installs it (apt-get install nginx)');
}
if (!nginxBin) {
  process.stderr.write(
    'production-shape: skipped, nginx is not installed (apt-get install nginx)\n',
  );
}

describe.skipIf(!nginxBin)('the production shape behind nginx', () => {
  let realtime: TestServer;
  let web: { port: number; stop(): Promise<void>; real: boolean };
  let nginx: Nginx;
  const sockets: Socket[] = [];

  beforeAll(async () => {
    realtime = await startServer({ WEB: 'off' });
    web = fs.existsSync(STANDALONE) ? await startStandalone() : await startStandIn();
    nginx = await startNginx(nginxBin ?? '', {
      realtime: Number(new URL(realtime.base).port),
      web: web.port,
    });
  }, 60_000);

  afterAll(async () => {
    for (const s of sockets) s.disconnect();
    await nginx?.stop();
    await web?.stop();
    await realtime?.close();
  });

  it('sends the dashboard pages to the web server', async () => {
    const res = await fetch(`${nginx.base}/`);

    expect(res.status).toBe(200);
    const body = await res.text();
    expect(body).toContain(web.real ? '<html' : MARKER);
  });

  it('sends REST to the realtime server', async () => {
    const res = await fetch(`${nginx.base}/v1/fleets`, {
      headers: { Authorization: `Bearer ${keyOf(realtime, FLEET)}` },
    });

    expect(res.status).toBe(200);
    const body = (await res.json()) as { fleets: Array<{ id: string }> };
    expect(body.fleets.map((f) => f.id)).toEqual([FLEET]);
  });

  it('serves map assets from the realtime server', async () => {
    const res = await fetch(`${nginx.base}/map/style.json`);

    expect(res.status).toBe(200);
    expect(await res.json()).toHaveProperty('layers');
  });

  it.each(['websocket', 'polling'] as const)(
    'streams to Socket.IO over %s',
    async (transport) => {
      const socket = io(nginx.base, {
        auth: { apiKey: keyOf(realtime, FLEET), fleetId: FLEET },
        transports: [transport],
        reconnection: false,
        forceNew: true,
      });
      sockets.push(socket);
      const snapshot = new Promise((r) => socket.once('snapshot', r));
      // Positions come as binary batches (docs/protocol.md, Socket.IO positions).
      const update = new Promise<unknown>((r) => socket.once('positions', r));

      await expect(snapshot).resolves.toHaveProperty('vehicles');
      const batch = decodePositionBatch((await update) as Uint8Array);
      expect(batch.ok && batch.batch.records.length).toBeGreaterThan(0);
      expect(socket.io.engine.transport.name).toBe(transport);
    },
  );

  it('authenticates a Bookovia WebSocket and streams its events', async () => {
    const ws = await TestSocket.open(
      `${nginx.base.replace('http', 'ws')}/v1/streaming/websocket`,
    );
    ws.send({
      type: 'auth',
      id: 'a1',
      timestamp: new Date().toISOString(),
      payload: {
        api_key: keyOf(realtime, FLEET),
        fleet_id: FLEET,
        subscriptions: ['vehicle_locations'],
      },
    });

    await ws.next((m) => m.type === 'auth_success');
    const update = await ws.next((m) => m.type === 'location_update');
    ws.close();

    expect(update.channel).toBe('vehicle_locations');
  });

  it('answers Bookovia long polls', async () => {
    const res = await fetch(`${nginx.base}/v1/streaming/poll?fleet_id=${FLEET}`, {
      headers: { Authorization: `Bearer ${keyOf(realtime, FLEET)}` },
    });

    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: 'reset' });
  });

  it("passes the caller's X-Request-Id through and back", async () => {
    const res = await fetch(`${nginx.base}/healthz`, {
      headers: { 'X-Request-Id': 'trace.abc-123' },
    });

    expect(res.headers.get('x-request-id')).toBe('trace.abc-123');
  });

  it("gives a request without an id nginx's own", async () => {
    const res = await fetch(`${nginx.base}/readyz`);

    expect(res.status).toBe(200);
    expect(res.headers.get('x-request-id')).toMatch(/^[0-9a-f]{32}$/);
  });

  it('lets the local scraper read /metrics', async () => {
    const res = await fetch(`${nginx.base}/metrics`);

    expect(res.status).toBe(200);
    expect(await res.text()).toContain('fleetlight_connections');
  });
});

/** The standalone Next server of the last build, on a port of its own. */
async function startStandalone() {
  const port = await freePort();
  const child = spawn(process.execPath, [STANDALONE], {
    env: { ...process.env, PORT: String(port), HOSTNAME: '127.0.0.1' },
    stdio: 'ignore',
  });
  await waitForHttp(`http://127.0.0.1:${port}/`, child);
  return {
    port,
    real: true,
    async stop() {
      if (child.exitCode !== null) return;
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
    },
  };
}

/** A page server standing in for Next: `/` answers MARKER. */
async function startStandIn() {
  const server = http.createServer((_req, res) => {
    res.writeHead(200, { 'Content-Type': 'text/html' });
    res.end(`<!doctype html><p>${MARKER}</p>`);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    port: (server.address() as AddressInfo).port,
    real: false,
    stop: () => new Promise<void>((r) => server.close(() => r())),
  };
}

async function waitForHttp(url: string, child: ChildProcess): Promise<void> {
  for (let i = 0; i < 300; i++) {
    if (child.exitCode !== null) throw new Error(`${STANDALONE} exited`);
    const ok = await fetch(url).then(
      (r) => r.status < 500,
      () => false,
    );
    if (ok) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${STANDALONE} never answered ${url}`);
}
