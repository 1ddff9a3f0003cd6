import fs from 'node:fs';
import path from 'node:path';
import { io } from 'socket.io-client';
import { afterAll, describe, expect, it } from 'vitest';
import type { FleetSnapshot } from '../../lib/protocol';
import { keyOf, startServer, type TestServer } from '../support/server';

const FLEET = 'ann-arbor';
let server: TestServer | undefined;

afterAll(async () => {
  await server?.close();
});

describe('a restart', () => {
  it('keeps fleets, keys and the last position of every vehicle', async () => {
    const first = await startServer();
    const key = keyOf(first, FLEET);
    await new Promise((r) => setTimeout(r, 1500));
    const before = first.app.state.snapshot(FLEET).length;
    await first.close({ keepData: true });

    const keys = JSON.parse(
      fs.readFileSync(path.join(first.dataDir, 'demo-keys.json'), 'utf8'),
    );
    expect(keys[FLEET].admin).toBe(key);

    server = await startServer({ DEMO: 'off', DATA_DIR: first.dataDir });
    const res = await fetch(`${server.base}/v1/fleets`, {
      headers: { Authorization: `Bearer ${key}` },
    });
    expect(await res.json()).toEqual({
      fleets: [
        {
          id: FLEET,
          name: 'Ann Arbor cars',
          timezone: 'America/Detroit',
          vehicle_count: 7,
        },
      ],
    });

    const socket = io(server.base, {
      auth: { apiKey: key, fleetId: FLEET },
      transports: ['websocket'],
      reconnection: false,
      forceNew: true,
    });
    const snapshot = await new Promise<FleetSnapshot>((r) => socket.once('snapshot', r));
    socket.disconnect();
    expect(before).toBeGreaterThan(0);
    expect(snapshot.vehicles).toHaveLength(before);
    expect(snapshot.roster).toHaveLength(7);
    expect(snapshot.fleet).toEqual({
      id: FLEET,
      name: 'Ann Arbor cars',
      timezone: 'America/Detroit',
    });
  });
});
