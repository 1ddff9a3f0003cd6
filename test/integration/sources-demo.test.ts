import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SourcesResponse } from '../../lib/protocol';
import { keyOf, startServer, type TestServer } from '../support/server';
import { bearer, until } from '../support/sources';

const FLEET = 'ann-arbor';

let server: TestServer;

beforeAll(async () => {
  server = await startServer();
});

afterAll(async () => {
  await server?.close();
});

describe('the demo replay as a source', () => {
  it("counts the replayed fixes in the fleet's source health and in /metrics", async () => {
    await until(
      () => (server.app.sources.health(FLEET).sources[0]?.accepted ?? 0) > 0,
      'replayed fixes',
    );
    const res = await fetch(`${server.base}/v1/fleets/${FLEET}/sources`, {
      headers: bearer(keyOf(server, FLEET)),
    });
    const body = (await res.json()) as SourcesResponse;
    const replay = body.sources.find((s) => s.source === 'replay');

    expect(replay?.accepted).toBeGreaterThan(0);
    expect(replay?.last_message_at).not.toBeNull();
    expect(body.sources.filter((s) => s.source !== 'replay' && s.accepted > 0)).toEqual(
      [],
    );
    const metrics = await (await fetch(`${server.base}/metrics`)).text();
    expect(metrics).toMatch(
      /fleetlight_source_fixes_total\{source="replay",outcome="accepted"\} \d+/,
    );
  });

  it('answers a viewer of the fleet 403', async () => {
    const res = await fetch(`${server.base}/v1/fleets/${FLEET}/sources`, {
      headers: bearer(keyOf(server, FLEET, 'viewer')),
    });
    expect(res.status).toBe(403);
  });
});
