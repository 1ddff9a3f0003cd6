import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHANNELS } from '../../lib/protocol';
import { loadSpecClient, type SpecClient } from '../support/spec-client';
import { keyOf, startServer, type TestServer } from '../support/server';

// The spec's client takes one fleet; the demo's bus and car fleets between
// them carry every channel (buses have timetables, cars engine data).
const FLEETS = ['austin-metrobus', 'ann-arbor'];

let server: TestServer;
const clients: SpecClient[] = [];

beforeAll(async () => {
  server = await startServer({
    METRICS_INTERVAL_MS: '3000',
    TELEMETRY_INTERVAL_MS: '1000',
  });
});

afterAll(async () => {
  for (const c of clients) c.disconnect();
  await server.close();
});

describe("the spec's own client on every channel", () => {
  it('receives each of the eight channels within its cadence', async () => {
    const BookoviaWebSocket = loadSpecClient(server.wsBase, []);
    const seen = new Map<string, number>();
    for (const fleet of FLEETS) {
      const client = new BookoviaWebSocket(keyOf(server, fleet), fleet);
      clients.push(client);
      for (const channel of CHANNELS) {
        client.subscribe(channel, () => seen.set(channel, (seen.get(channel) ?? 0) + 1));
      }
      client.connect();
    }

    const deadline = Date.now() + 40_000;
    while (CHANNELS.some((c) => !seen.has(c)) && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(CHANNELS.filter((c) => !seen.has(c))).toEqual([]);
  });
});
