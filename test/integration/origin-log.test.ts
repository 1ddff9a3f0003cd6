import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createFleetlight, type Fleetlight } from '../../server/app';
import { loadConfig } from '../../server/config';
import { createLogger } from '../../server/log';

const SECRET = 'never-logged-key-0123456789';

let app: Fleetlight;
let base: string;
let dataDir: string;
const lines: Array<Record<string, unknown>> = [];

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'fleetlight-'));
  const config = loadConfig({
    PORT: '0',
    HOST: '127.0.0.1',
    DEMO: 'off',
    DATA_DIR: dataDir,
  });
  const log = createLogger('warn', (line) => lines.push(JSON.parse(line)));
  app = await createFleetlight(config, log);
  base = await app.listen();
});

afterAll(async () => {
  await app.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

it('logs a refused upgrade at warn with its origin and path, not its key', async () => {
  const ws = new WebSocket(
    `${base.replace(/^http/, 'ws')}/v1/streaming/websocket?api_key=${SECRET}`,
    { origin: 'https://evil.example.net' },
  );
  const status = await new Promise<number>((resolve, reject) => {
    ws.once('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
    ws.once('open', () => reject(new Error('the upgrade was accepted')));
  });

  expect(status).toBe(403);
  const http = lines.filter((l) => l['name'] === 'fleetlight:http');
  expect(http).toEqual([
    expect.objectContaining({
      level: 'warn',
      name: 'fleetlight:http',
      msg: 'refused a foreign origin',
      transport: 'websocket',
      origin: 'https://evil.example.net',
    }),
  ]);
  expect(JSON.stringify(lines)).not.toContain(SECRET);
});
