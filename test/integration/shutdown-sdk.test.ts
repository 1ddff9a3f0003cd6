import WebSocket from 'ws';
import { afterEach, describe, expect, it } from 'vitest';
import { FleetClient, type ResetInfo, type StateDetail } from '../../lib/client';
import { RESTART_CLOSE_CODE } from '../../lib/protocol';
import { registerFleets } from '../../server/db/fleets';
import {
  QUIET_FLEET,
  QUIET_KEY,
  raiseAlert,
  startQuietServer,
} from '../support/quiet-fleet';
import type { TestServer } from '../support/server';
import { TcpProxy } from '../support/tcp-proxy';

const VEHICLE = { id: 'veh-drain', fleetId: QUIET_FLEET, label: 'Van 9', timeScale: 1 };
const servers: TestServer[] = [];
const cleanup: Array<() => unknown> = [];

afterEach(async () => {
  for (const c of cleanup.splice(0)) await c();
  for (const s of servers.splice(0)) await s.close();
});

/** Resolves once `done` holds, failing loudly after a deadline. */
async function until(done: () => boolean, what: string, timeoutMs = 10_000) {
  const deadline = Date.now() + timeoutMs;
  while (!done()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

function ingest(server: TestServer, lat: number): void {
  server.app.ingest.accept({
    vehicleId: VEHICLE.id,
    deviceTime: Date.now() - 1000,
    lat,
    lon: -83.74,
  });
}

describe('the client SDK across a drain', () => {
  it('reconnects on 1012 to the next server and misses nothing', async () => {
    const first = await startQuietServer({ LOCATION_INTERVAL_MS: '0' });
    servers.push(first);
    await registerFleets(first.app.db, [], [VEHICLE]);
    first.app.state.register(VEHICLE);
    // The balancer: it sends new connections to whichever node serves.
    const balancer = await TcpProxy.start(Number(new URL(first.base).port));
    cleanup.push(() => balancer.close());

    const client = new FleetClient({
      url: `ws://127.0.0.1:${balancer.port}/v1/streaming/websocket`,
      apiKey: QUIET_KEY,
      fleetId: QUIET_FLEET,
      WebSocket,
      transport: 'websocket',
      wake: null,
      reconnect: { initialMs: 20, maxMs: 100 },
    });
    cleanup.push(() => client.close());
    const alerts = new Set<string>();
    const lats: number[] = [];
    const resets: ResetInfo[] = [];
    const closes: StateDetail[] = [];
    client.subscribe('alerts', (m) => alerts.add(m.payload.alert_id));
    client.subscribe('vehicle_locations', (m) => lats.push(m.payload.location.latitude));
    client.on('reset', (r) => resets.push(r));
    client.on('state', (s, detail) => {
      if (s === 'reconnecting') closes.push(detail);
    });
    client.connect();
    await until(() => client.state === 'live', 'the first connection');

    ingest(first, 42.1);
    const early = await raiseAlert(first, 1);
    await until(() => alerts.has(early) && lats.includes(42.1), 'the first events');
    // The last events before the drain, still in the writers' hands.
    ingest(first, 42.1005);
    const late = await raiseAlert(first, 2);

    // The node drains; its successor starts on the same data.
    await first.close({ keepData: true });
    servers.splice(servers.indexOf(first), 1);
    const second = await startQuietServer({ DATA_DIR: first.dataDir });
    servers.push(second);
    balancer.retarget(Number(new URL(second.base).port));
    await until(() => resets.length === 2, 'the second server');

    expect(closes[0]).toMatchObject({ code: RESTART_CLOSE_CODE });
    expect(client.state).not.toBe('closed');
    const reset = resets[1];
    expect(reset?.reason).toBe('epoch_changed');
    expect(reset?.alerts.map((a) => a.payload.alert_id).sort()).toEqual(
      [early, late].sort(),
    );
    const position = reset?.vehicles.find((v) => v.payload.vehicle_id === VEHICLE.id);
    expect(position?.payload.location.latitude).toBe(42.1005);
    expect([...alerts].sort()).toEqual([early, late].sort());
  });
});
