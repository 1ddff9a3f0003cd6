import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHANNELS } from '../../lib/protocol';
import { loadSpecClient, type SpecClient } from '../support/spec-client';
import { keyOf, startServer, type TestServer } from '../support/server';

const FLEET = 'ann-arbor';
let server: TestServer;
let client: SpecClient | undefined;

beforeAll(async () => {
  server = await startServer({
    METRICS_INTERVAL_MS: '3000',
    TELEMETRY_INTERVAL_MS: '1000',
  });
});

afterAll(async () => {
  client?.disconnect();
  await server.close();
});

async function until(
  check: () => boolean,
  timeoutMs: number,
  what: string,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe("the spec's own JavaScript client, unchanged", () => {
  it('authenticates, subscribes, receives the streams and reconnects after a drop', async () => {
    const logs: string[] = [];
    const BookoviaWebSocket = loadSpecClient(server.wsBase, logs);
    client = new BookoviaWebSocket(keyOf(server, FLEET), FLEET);

    const received = new Map<string, unknown[]>();
    for (const channel of CHANNELS) {
      received.set(channel, []);
      client.subscribe(channel, (payload) => received.get(channel)?.push(payload));
    }
    client.connect();

    const count = (c: string) => received.get(c)?.length ?? 0;
    await until(() => count('vehicle_locations') >= 5, 10_000, 'locations');
    await until(() => count('fleet_metrics') >= 1, 10_000, 'fleet metrics');
    await until(() => count('telemetry') >= 1, 10_000, 'telemetry');
    await until(() => count('driver_status') >= 1, 10_000, 'driver status');
    expect(logs).toContain('Authentication successful');
    expect(logs.filter((l) => l.startsWith('Server error'))).toEqual([]);

    const [location] = received.get('vehicle_locations') as Array<{ vehicle_id: string }>;
    expect(location?.vehicle_id).toMatch(/^car-/);

    // The server drops every socket; the client's own backoff brings it back.
    for (const s of server.app.bookovia.sessions) s.terminate();
    await until(
      () => logs.some((l) => l.startsWith('WebSocket disconnected')),
      5000,
      'the drop',
    );
    const before = count('vehicle_locations');
    await until(
      () => count('vehicle_locations') > before + 3,
      15_000,
      'locations after reconnect',
    );
    expect(logs.filter((l) => l === 'WebSocket connected')).toHaveLength(2);
  });
});
