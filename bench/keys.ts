/**
 * Key verification at reconnect-storm scale: 10,000 distinct API keys,
 * each presented the way a reconnecting client presents it, through the
 * same KeyAuth the transports use, on a fresh SQLite database.
 *
 *   npx tsx bench/keys.ts
 *   # BENCH_KEYS (10000), BENCH_CONCURRENCY (100)
 *
 * Cold: every key once, nothing cached (a database read and the keyed
 * hash each). Warm: every key again within the cache's TTL (the hash
 * only). Results: docs/BENCHMARKS.md ("Keys").
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { generateApiKey } from '../server/auth/api-keys';
import { KeyAuth } from '../server/auth/key-auth';
import { registerFleets } from '../server/db/fleets';
import { hashKey } from '../server/db/key-rows';
import { openDatabase } from '../server/db/open';

const KEYS = Number(process.env['BENCH_KEYS'] ?? 10_000);
const CONCURRENCY = Number(process.env['BENCH_CONCURRENCY'] ?? 100);
const FLEET = 'bench';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fleetlight-keys-'));
const db = await openDatabase({ dataDir: dir });
await registerFleets(db, [{ id: FLEET, name: 'Bench', timezone: 'UTC' }], []);

const keys = Array.from({ length: KEYS }, () => generateApiKey());
const now = new Date().toISOString();
for (let i = 0; i < keys.length; i += 500) {
  const chunk = keys.slice(i, i + 500);
  const rows = await Promise.all(
    chunk.map(async (key, j) => ({
      id: `key-${i + j}`,
      key_hash: await hashKey(db, key),
      role: 'viewer' as const,
      label: 'bench',
      created_at: now,
      revoked_at: null,
      previous_hash: null,
      previous_until: null,
    })),
  );
  await db.insertInto('api_keys').values(rows).execute();
  await db
    .insertInto('api_key_fleets')
    .values(rows.map((r) => ({ key_id: r.id, fleet_id: FLEET })))
    .execute();
}

const auth = new KeyAuth(db);

/** Verifies every key, CONCURRENCY at a time; returns verifications per second. */
async function pass(): Promise<number> {
  const started = performance.now();
  let next = 0;
  const worker = async () => {
    while (next < keys.length) {
      const key = keys[next++] ?? '';
      if (!(await auth.principal(key))) throw new Error('a stored key was refused');
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  return keys.length / ((performance.now() - started) / 1000);
}

const cold = await pass();
const warm = await pass();
console.log(
  JSON.stringify({
    keys: KEYS,
    concurrency: CONCURRENCY,
    cold: Math.round(cold),
    warm: Math.round(warm),
  }),
);

await db.destroy();
fs.rmSync(dir, { recursive: true, force: true });
