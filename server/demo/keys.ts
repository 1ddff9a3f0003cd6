import fs from 'node:fs';
import path from 'node:path';
import { findPrincipal, generateApiKey, storeApiKey } from '../auth/api-keys';
import type { Db } from '../db/open';

/** fleet id → the demo dashboard key of that fleet. */
export type DemoKeys = Record<string, string>;

const FILE = 'demo-keys.json';

/**
 * One admin key per demo fleet, made on first start. Keys are stored
 * hashed, so the plain keys are kept beside the database (readable by the
 * owner only) to print the same dashboard links on every start.
 */
export async function ensureDemoKeys(
  db: Db,
  dataDir: string,
  fleets: readonly string[],
): Promise<DemoKeys> {
  const file = path.join(dataDir, FILE);
  const known = readKeys(file);
  const keys: DemoKeys = {};
  for (const fleet of fleets) {
    const existing = known[fleet];
    const principal = existing ? await findPrincipal(db, existing) : null;
    if (existing && principal?.fleets.has(fleet)) {
      keys[fleet] = existing;
      continue;
    }
    const key = generateApiKey();
    await storeApiKey(db, key, {
      role: 'admin',
      label: `demo ${fleet}`,
      fleets: [fleet],
    });
    keys[fleet] = key;
  }
  fs.writeFileSync(file, JSON.stringify(keys, null, 2) + '\n', { mode: 0o600 });
  return keys;
}

/** DEMO_API_KEY: one admin key for every demo fleet, for scripts. */
export async function registerSharedKey(
  db: Db,
  key: string,
  fleets: readonly string[],
): Promise<void> {
  await storeApiKey(db, key, { role: 'admin', label: 'DEMO_API_KEY', fleets });
}

function readKeys(file: string): DemoKeys {
  try {
    const parsed: unknown = JSON.parse(fs.readFileSync(file, 'utf8'));
    if (parsed && typeof parsed === 'object') return parsed as DemoKeys;
  } catch {
    // Missing or unreadable: new keys are made.
  }
  return {};
}
