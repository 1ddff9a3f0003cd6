import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { generateApiKey, storeApiKey } from '../../../server/auth/api-keys';
import { KeyAuth } from '../../../server/auth/key-auth';
import { keyedHash, legacyHash, pinKeySecret } from '../../../server/auth/key-hash';
import { registerFleets } from '../../../server/db/fleets';
import { hashKey, revokeKey, rotateKey } from '../../../server/db/key-rows';
import { openDatabase, type Db } from '../../../server/db/open';

let dir: string;
let db: Db;
let now: number;

beforeEach(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fleetlight-keys-'));
  db = await openDatabase({ dataDir: dir });
  await registerFleets(db, [{ id: 'f', name: 'F', timezone: 'UTC' }], []);
  now = 1_000_000;
});

afterEach(async () => {
  await db.destroy();
  fs.rmSync(dir, { recursive: true, force: true });
});

async function newKey(): Promise<{ key: string; id: string }> {
  const key = generateApiKey();
  const id = await storeApiKey(db, key, { role: 'viewer', label: 'k', fleets: ['f'] });
  return { key, id };
}

describe('KeyAuth', () => {
  it('serves a verified key from memory within the TTL, not after', async () => {
    const auth = new KeyAuth(db, { ttlMs: 30_000, now: () => now });
    const { key, id } = await newKey();
    expect((await auth.principal(key))?.keyId).toBe(id);

    // Revoked behind the cache's back: still served until the TTL ends.
    await revokeKey(db, 'api_keys', id);
    now += 29_999;
    expect((await auth.principal(key))?.keyId).toBe(id);
    now += 1;
    expect(await auth.principal(key)).toBeNull();
  });

  it('forgets a key at once when told it was revoked here', async () => {
    const auth = new KeyAuth(db, { now: () => now });
    const { key, id } = await newKey();
    await auth.principal(key);

    await revokeKey(db, 'api_keys', id);
    auth.forget(id);

    expect(await auth.principal(key)).toBeNull();
  });

  it('finds by recheck the credentials revoked or rotated out elsewhere', async () => {
    const auth = new KeyAuth(db, { now: () => now });
    const a = await newKey();
    const b = await newKey();
    const c = await newKey();
    const pa = await auth.principal(a.key);
    const pb = await auth.principal(b.key);
    const pc = await auth.principal(c.key);

    await revokeKey(db, 'api_keys', a.id);
    await rotateKey(db, 'api_keys', b.id, generateApiKey(), 0);
    const dead = await auth.recheck([]);

    expect(dead).toEqual(new Set([pa?.credential, pb?.credential]));
    expect(dead.has(pc?.credential ?? '')).toBe(false);
    expect(auth.size).toBe(1);
  });

  it('keeps the old secret through the grace period', async () => {
    const auth = new KeyAuth(db, { now: () => now });
    const { key, id } = await newKey();
    const next = generateApiKey();

    await rotateKey(db, 'api_keys', id, next, 60);

    expect((await auth.principal(key))?.keyId).toBe(id);
    expect((await auth.principal(next))?.keyId).toBe(id);
    expect(await auth.recheck([])).toEqual(new Set());
  });

  it('never remembers an unknown key', async () => {
    const auth = new KeyAuth(db, { now: () => now });
    expect(await auth.principal(generateApiKey())).toBeNull();
    expect(auth.size).toBe(0);
  });
});

describe('key hashes', () => {
  it('are HMAC-SHA256 under the pinned secret, not the plain hash', async () => {
    const secret = 's'.repeat(32);
    pinKeySecret(db, secret);
    const key = generateApiKey();

    const stored = await hashKey(db, key);

    expect(stored).toBe(keyedHash(Buffer.from(secret), key));
    expect(stored).not.toBe(legacyHash(key));
  });

  it('use one generated secret per database, the same on every connection', async () => {
    const other = await openDatabase({ dataDir: dir });
    try {
      const key = generateApiKey();
      expect(await hashKey(other, key)).toBe(await hashKey(db, key));
    } finally {
      await other.destroy();
    }
  });
});
