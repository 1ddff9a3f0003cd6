import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFleetlight, type Fleetlight } from '../../server/app';
import { loadConfig } from '../../server/config';
import { createLogger } from '../../server/log';
import { QUIET_FLEET, QUIET_KEY } from '../support/quiet-fleet';
import { registerFleets } from '../../server/db/fleets';
import { storeApiKey } from '../../server/auth/api-keys';
import { TestSocket } from '../support/ws-client';

type Entry = Record<string, unknown> & { msg: string };

let app: Fleetlight;
let base: string;
let dataDir: string;
const lines: string[] = [];
const entries = () => lines.map((l) => JSON.parse(l) as Entry);

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'fleetlight-'));
  const config = loadConfig({
    PORT: '0',
    HOST: '127.0.0.1',
    DEMO: 'off',
    DATA_DIR: dataDir,
  });
  app = await createFleetlight(
    config,
    createLogger('debug', (l) => lines.push(l)),
  );
  await registerFleets(app.db, [{ id: QUIET_FLEET, name: 'Quiet', timezone: 'UTC' }], []);
  await storeApiKey(app.db, QUIET_KEY, {
    role: 'admin',
    label: 'quiet',
    fleets: [QUIET_FLEET],
  });
  base = await app.listen();
});

afterAll(async () => {
  await app.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

/** Resolves once `find` matches a logged entry, failing loudly after 5 s. */
async function logged(find: (e: Entry) => boolean): Promise<Entry> {
  for (let i = 0; i < 100; i++) {
    const entry = entries().find(find);
    if (entry) return entry;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('no such log line');
}

describe('request ids', () => {
  it('echoes a sane incoming X-Request-Id', async () => {
    const res = await fetch(`${base}/healthz`, {
      headers: { 'X-Request-Id': 'lb-42.a_b' },
    });

    expect(res.headers.get('x-request-id')).toBe('lb-42.a_b');
  });

  it('replaces an id that is too long with a fresh one', async () => {
    const res = await fetch(`${base}/healthz`, {
      headers: { 'X-Request-Id': 'x'.repeat(129) },
    });

    expect(res.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('logs each request once at debug, its path without the key', async () => {
    await fetch(`${base}/v1/streaming/poll?fleet_id=nope&api_key=${QUIET_KEY}`, {
      headers: { 'X-Request-Id': 'access-1' },
    });

    const entry = await logged(
      (e) => e.msg === 'request' && e['requestId'] === 'access-1',
    );
    expect(entry).toMatchObject({
      level: 'debug',
      method: 'GET',
      path: '/v1/streaming/poll?fleet_id=nope&api_key=[redacted]',
      status: 401,
      ms: expect.any(Number),
    });
    expect(lines.join('\n')).not.toContain(QUIET_KEY);
  });

  it('puts the id on the lines logged while serving the request', async () => {
    await fetch(`${base}/v1/fleets`, {
      method: 'POST',
      headers: { 'X-Request-Id': 'foreign-1', Origin: 'https://evil.example' },
    });

    const entry = await logged((e) => e.msg === 'refused a foreign origin');
    expect(entry['requestId']).toBe('foreign-1');
  });
});

describe('connection ids', () => {
  it('logs a Bookovia socket opening and closing under one id', async () => {
    const ws = await TestSocket.open(
      `${base.replace('http', 'ws')}/v1/streaming/websocket?api_key=${QUIET_KEY}`,
    );
    await ws.next((m) => m.type === 'auth_success');
    ws.close();
    await ws.closed;

    const opened = await logged((e) => e.msg === 'websocket connected');
    const closed = await logged((e) => e.msg === 'websocket closed');
    expect(opened['conn']).toEqual(expect.any(String));
    expect(closed['conn']).toBe(opened['conn']);
    expect(lines.join('\n')).not.toContain(QUIET_KEY);
  });
});
