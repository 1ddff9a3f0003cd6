import { io, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engineAlert } from '../support/alerts';
import { keyOf, startServer, type TestServer } from '../support/server';
import { TestSocket } from '../support/ws-client';

const FLEET = 'ann-arbor';

let server: TestServer;
const sockets: Socket[] = [];
const raw: TestSocket[] = [];

beforeAll(async () => {
  server = await startServer();
});

afterAll(async () => {
  for (const s of sockets) s.disconnect();
  for (const s of raw) s.close();
  await server.close();
});

async function scrape(from: TestServer = server): Promise<string> {
  const res = await fetch(`${from.base}/metrics`);
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
  return res.text();
}

/** The value of one sample line, such as `fleetlight_alerts{status="active"}`. */
function sample(text: string, series: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

describe('operations endpoints', () => {
  it('answers /healthz without a key', async () => {
    const res = await fetch(`${server.base}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ok' });
  });

  it('is ready once the database answers and the replay runs', async () => {
    const res = await fetch(`${server.base}/readyz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      status: 'ready',
      checks: { database: true, storage: true, replay: true },
    });
  });

  it('counts connections per transport', async () => {
    const socket = io(server.base, {
      auth: { apiKey: keyOf(server, FLEET), fleetId: FLEET },
      transports: ['websocket'],
      reconnection: false,
      forceNew: true,
    });
    sockets.push(socket);
    await new Promise((r) => socket.once('snapshot', r));
    const url = `${server.wsBase}/v1/streaming/websocket?api_key=${keyOf(server, FLEET)}`;
    const ws = await TestSocket.open(url);
    raw.push(ws);
    await ws.next((m) => m.type === 'auth_success');

    const text = await scrape();
    const count = (t: string) => sample(text, `fleetlight_connections{transport="${t}"}`);
    expect(count('socketio_websocket')).toBe(1);
    expect(count('socketio_polling')).toBe(0);
    expect(count('bookovia')).toBe(1);
    expect(count('long_poll')).toBe(0);
  });

  it('counts Socket.IO clients on long polling apart', async () => {
    const socket = io(server.base, {
      auth: { apiKey: keyOf(server, FLEET), fleetId: FLEET },
      transports: ['polling'],
      reconnection: false,
      forceNew: true,
    });
    sockets.push(socket);
    await new Promise((r) => socket.once('snapshot', r));

    const text = await scrape();
    expect(sample(text, 'fleetlight_connections{transport="socketio_polling"}')).toBe(1);
  });

  it('counts messages sent per transport and channel, with their latency', async () => {
    const socket = io(server.base, {
      auth: { apiKey: keyOf(server, FLEET), fleetId: FLEET },
      transports: ['websocket'],
      reconnection: false,
      forceNew: true,
    });
    sockets.push(socket);
    await new Promise((r) => socket.once('snapshot', r));
    const sent =
      'fleetlight_messages_sent_total{transport="socketio",channel="vehicle_locations"}';
    const latency =
      'fleetlight_delivery_latency_seconds_count{transport="socketio",channel="vehicle_locations"}';
    const before = await scrape();

    await new Promise((r) => socket.once('positions', r));
    const after = await scrape();

    expect(sample(after, sent)).toBeGreaterThan(sample(before, sent) ?? 0);
    expect(sample(after, latency)).toBeGreaterThan(sample(before, latency) ?? 0);
  });

  it('is not ready while a check fails, nor once it drains', async () => {
    let up = false;
    server.app.ops.addCheck('upstream', () => up);
    const failing = await fetch(`${server.base}/readyz`);
    expect(failing.status).toBe(503);
    expect(await failing.json()).toMatchObject({
      status: 'not_ready',
      checks: { upstream: false },
    });

    up = true;
    expect((await fetch(`${server.base}/readyz`)).status).toBe(200);
    server.app.ops.drain();
    const draining = await fetch(`${server.base}/readyz`);
    expect(draining.status).toBe(503);
    expect(await draining.json()).toMatchObject({ status: 'draining' });
  });
});

// Without the demo nothing else raises alerts meanwhile, so counts are exact.
describe('operations metrics on a quiet server', () => {
  let quiet: TestServer;
  beforeAll(async () => {
    quiet = await startServer({ DEMO: 'off' });
  });
  afterAll(async () => {
    await quiet.close();
  });

  it('counts published messages per channel and alerts per status', async () => {
    const before = await scrape(quiet);
    const active = sample(before, 'fleetlight_alerts{status="active"}') ?? 0;
    const published =
      sample(before, 'fleetlight_stream_messages_total{channel="alerts"}') ?? 0;

    await quiet.app.alerts.raise(engineAlert(FLEET, 'ops-vehicle-1'));
    const after = await scrape(quiet);
    expect(sample(after, 'fleetlight_alerts{status="active"}')).toBe(active + 1);
    expect(sample(after, 'fleetlight_stream_messages_total{channel="alerts"}')).toBe(
      published + 1,
    );
    expect(after).toContain('fleetlight_stream_event_age_seconds_bucket');
    expect(sample(after, 'fleetlight_replay_buffer_events')).toBeGreaterThan(
      sample(before, 'fleetlight_replay_buffer_events') ?? 0,
    );
    expect(after).toContain('fleetlight_event_loop_delay_p99_seconds');
    expect(after).toContain('process_resident_memory_bytes');
  });
});
