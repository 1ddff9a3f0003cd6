import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KeyIdentity, Role } from '../../lib/protocol';
import { findPrincipal } from '../../server/auth/api-keys';
import { keyOf, startServer, type TestServer } from '../support/server';

const FLEET = 'ann-arbor';
let server: TestServer;

beforeAll(async () => {
  server = await startServer();
});

afterAll(async () => {
  await server.close();
});

function me(key?: string): Promise<Response> {
  const headers: Record<string, string> = key ? { Authorization: `Bearer ${key}` } : {};
  return fetch(`${server.base}/v1/me`, { headers });
}

describe('GET /v1/me', () => {
  it.each<Role>(['admin', 'dispatcher', 'viewer'])(
    "answers the %s demo key's id, role and fleets",
    async (role) => {
      const key = keyOf(server, FLEET, role);
      const principal = await findPrincipal(server.app.db, key);

      const res = await me(key);

      expect(res.status).toBe(200);
      expect((await res.json()) as KeyIdentity).toEqual({
        key_id: principal?.keyId,
        role,
        fleets: [FLEET],
      });
    },
  );

  it('answers 401 without a key', async () => {
    const res = await me();
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual({
      error: {
        code: 'missing_api_key',
        message: 'Send your key as Authorization: Bearer <key>',
      },
    });
  });
});

describe('demo keys', () => {
  it('keeps a key per role and fleet in demo-keys.json', () => {
    const file = path.join(server.dataDir, 'demo-keys.json');
    const keys = JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>;

    expect(keys[FLEET]).toEqual({
      admin: keyOf(server, FLEET, 'admin'),
      dispatcher: keyOf(server, FLEET, 'dispatcher'),
      viewer: keyOf(server, FLEET, 'viewer'),
    });
  });

  it('keeps the admin key of an older file that held one key per fleet', async () => {
    const admin = keyOf(server, FLEET);
    const dataDir = server.dataDir;
    await server.close({ keepData: true });
    fs.writeFileSync(
      path.join(dataDir, 'demo-keys.json'),
      JSON.stringify({ [FLEET]: admin }),
    );

    server = await startServer({ DATA_DIR: dataDir });

    expect(keyOf(server, FLEET, 'admin')).toBe(admin);
    expect(keyOf(server, FLEET, 'viewer')).toMatch(/^flk_/);
  });

  it('prints a wall display link with the dispatcher key', () => {
    const banner = server.demo?.banner('http://127.0.0.1:1') ?? '';
    const dispatcher = keyOf(server, FLEET, 'dispatcher');

    expect(banner).toContain(`/fleet/${FLEET}/wall#key=${dispatcher}`);
  });
});
