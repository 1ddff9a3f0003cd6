import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../server/config';
import { createFleetlight, type Fleetlight } from '../../server/app';
import { createLogger } from '../../server/log';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { storeApiKey } from '../../server/auth/api-keys';
import { registerFleets } from '../../server/db/fleets';

const lines: Array<{ level: string; msg: string }> = [];
let app: Fleetlight;
let port: number;
let dir: string;
const KEY = 'flk_client-abort-test-admin-0000000';

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fleetlight-abort-'));
  const config = loadConfig({
    PORT: '0',
    HOST: '127.0.0.1',
    DEMO: 'off',
    DATA_DIR: dir,
  });
  const log = createLogger('info', (line) => lines.push(JSON.parse(line)));
  app = await createFleetlight(config, log);
  await registerFleets(app.db, [{ id: 'fleet-1', name: 'Fleet 1', timezone: 'UTC' }], []);
  await storeApiKey(app.db, KEY, { role: 'admin', label: 'abort', fleets: ['fleet-1'] });
  port = Number(new URL(await app.listen()).port);
});

afterAll(async () => {
  await app.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('a client that hangs up mid-request', () => {
  it('is not logged as a server error, and the server keeps serving', async () => {
    const socket = net.connect(port, '127.0.0.1');
    await new Promise((r) => socket.once('connect', r));
    socket.write(
      'POST /v1/alerts/alert_x/acknowledge HTTP/1.1\r\nHost: x\r\n' +
        `Authorization: Bearer ${KEY}\r\n` +
        'Content-Type: application/json\r\nContent-Length: 10000\r\n\r\n{"note": "',
    );
    await new Promise((r) => setTimeout(r, 100));
    socket.destroy();
    await new Promise((r) => setTimeout(r, 200));

    const res = await fetch(`http://127.0.0.1:${port}/healthz`);
    expect(res.status).toBe(200);
    expect(lines.filter((l) => l.level === 'error')).toEqual([]);
  });
});
