/**
 * What resuming costs: how long a client takes to catch up on alerts it
 * missed while its link was dead, and what the replay buffer holds in
 * memory when full.
 *
 * Catch-up: a whole Fleetlight without the demo on 127.0.0.1, the client
 * SDK connected through a TCP proxy. For each N in BENCH_MISSED (default
 * 100,1000,3000) the proxy swallows traffic while N high alerts are raised
 * and stored, then cuts the link; the time is from the cut to the last of
 * the N handled, with the SDK's backoff floor at 10 ms. It also checks
 * each alert came once and in order.
 *
 * Memory: the heap a ReplayBuffer of REPLAY_MAX_EVENTS (10 000) alert
 * events adds, each with the JSON a transport made of it, after a forced
 * collection.
 *
 *   node --expose-gc --import tsx bench/resume.ts
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import WebSocket from 'ws';
import { FleetClient } from '../lib/client';
import type { StreamMessage } from '../lib/protocol';
import { createFleetlight } from '../server/app';
import { storeApiKey } from '../server/auth/api-keys';
import { loadConfig } from '../server/config';
import { registerFleets } from '../server/db/fleets';
import { createLogger } from '../server/log';
import { StreamHub } from '../server/stream/hub';
import { DEFAULT_REPLAY_LIMITS, ReplayBuffer } from '../server/stream/replay';
import { engineAlert } from '../test/support/alerts';
import { TcpProxy } from '../test/support/tcp-proxy';

const FLEET = 'bench-fleet';
const KEY = 'bench-resume-key-0123456789abcdef';
const MISSED = (process.env['BENCH_MISSED'] ?? '100,1000,3000').split(',').map(Number);

async function until(done: () => boolean): Promise<void> {
  while (!done()) await new Promise((r) => setTimeout(r, 1));
}

async function catchUp(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fleetlight-bench-'));
  const config = loadConfig({
    PORT: '0',
    HOST: '127.0.0.1',
    DEMO: 'off',
    DATA_DIR: dir,
    LOG_LEVEL: 'silent',
  });
  const app = await createFleetlight(config, createLogger('silent'));
  await registerFleets(app.db, [{ id: FLEET, name: FLEET, timezone: 'UTC' }], []);
  await storeApiKey(app.db, KEY, { role: 'admin', label: 'bench', fleets: [FLEET] });
  const proxy = await TcpProxy.start(Number(new URL(await app.listen()).port));

  const client = new FleetClient({
    url: `ws://127.0.0.1:${proxy.port}/v1/streaming/websocket`,
    apiKey: KEY,
    fleetId: FLEET,
    WebSocket,
    // What is measured is resuming on the socket, not the polling fallback.
    transport: 'websocket',
    wake: null,
    reconnect: { initialMs: 10, maxMs: 10 },
  });
  const got: string[] = [];
  let replayed = 0;
  client.subscribe('alerts', (m, d) => {
    got.push(m.payload.alert_id);
    if (d.replayed) replayed++;
  });
  client.connect();
  await until(() => client.state === 'live');

  console.log('missed  catch-up ms  replayed  once, in order');
  let vehicle = 0;
  for (const n of MISSED) {
    const raised: string[] = [];
    got.length = 0;
    replayed = 0;
    proxy.stall();
    for (let i = 0; i < n; i++) {
      const alert = engineAlert(FLEET, `veh-${++vehicle}`, { severity: 'high' });
      const stored = await app.alerts.raise(alert);
      if (stored) raised.push(stored.alert_id);
    }
    const start = performance.now();
    proxy.cut();
    await until(() => got.length >= n);
    const ms = performance.now() - start;
    const exact = JSON.stringify(got) === JSON.stringify(raised);
    console.log(
      `${String(n).padStart(6)}  ${ms.toFixed(0).padStart(11)}  ${String(replayed).padStart(8)}  ${exact}`,
    );
  }

  client.close();
  await proxy.close();
  await app.close();
  fs.rmSync(dir, { recursive: true, force: true });
}

function bufferMemory(): void {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) return console.log('\n(run with --expose-gc for the memory figure)');
  const hub = new StreamHub();
  const unsent = engineAlert(FLEET, 'veh-1', { severity: 'high' });
  gc();
  const before = process.memoryUsage().heapUsed;
  const buffer = new ReplayBuffer(hub, DEFAULT_REPLAY_LIMITS);
  // As a transport would: the JSON is made once and kept with the event.
  hub.subscribe((p) => p.json());
  for (let i = 0; i < DEFAULT_REPLAY_LIMITS.maxEvents; i++) {
    const payload = { ...unsent.payload, alert_id: `alert_${i}` };
    hub.publish(FLEET, { ...unsent, payload } as Omit<StreamMessage, 'id' | 'seq'>);
  }
  gc();
  const mb = (process.memoryUsage().heapUsed - before) / 2 ** 20;
  const per = (mb * 2 ** 20) / DEFAULT_REPLAY_LIMITS.maxEvents;
  console.log(
    `\nreplay buffer, ${DEFAULT_REPLAY_LIMITS.maxEvents} alert events in one fleet: ` +
      `${mb.toFixed(1)} MiB of heap (${per.toFixed(0)} B per event)`,
  );
  buffer.close();
}

await catchUp();
bufferMemory();
