import fs from 'node:fs';
import path from 'node:path';
import { findPrincipal, generateApiKey, storeApiKey } from '../auth/api-keys';
import type { Db } from '../db/open';
import type { Role } from '../db/schema';

/** The demo keys of one fleet, one per role. */
export type RoleKeys = Record<Role, string>;

/** fleet id → the demo keys of that fleet. */
export type DemoKeys = Record<string, RoleKeys>;

const FILE = 'demo-keys.json';
const ROLES: readonly Role[] = ['admin', 'dispatcher', 'viewer'];

/**
 * An admin, a dispatcher and a viewer key per demo fleet, made on first
 * start. Keys are stored hashed, so the plain keys are kept beside the
 * database (readable by the owner only) to print the same links on every
 * start.
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
    const was = known[fleet] ?? {};
    keys[fleet] = {
      admin: await ensureKey(db, fleet, 'admin', was.admin),
      dispatcher: await ensureKey(db, fleet, 'dispatcher', was.dispatcher),
      viewer: await ensureKey(db, fleet, 'viewer', was.viewer),
    };
  }
  fs.writeFileSync(file, JSON.stringify(keys, null, 2) + '\n', { mode: 0o600 });
  return keys;
}

async function ensureKey(
  db: Db,
  fleet: string,
  role: Role,
  existing: string | undefined,
): Promise<string> {
  const principal = existing ? await findPrincipal(db, existing) : null;
  if (existing && principal?.role === role && principal.fleets.has(fleet)) {
    return existing;
  }
  const key = generateApiKey();
  // The admin key keeps the label older data directories gave it.
  const label = role === 'admin' ? `demo ${fleet}` : `demo ${fleet} ${role}`;
  await storeApiKey(db, key, { role, label, fleets: [fleet] });
  return key;
}

/** DEMO_API_KEY: one admin key for every demo fleet, for scripts. */
export async function registerSharedKey(
  db: Db,
  key: string,
  fleets: readonly string[],
): Promise<void> {
  await storeApiKey(db, key, { role: 'admin', label: 'DEMO_API_KEY', fleets });
}

/** Keys of an older file, one admin key per fleet, are kept as admin keys. */
function readKeys(file: string): Record<string, Partial<RoleKeys>> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch {
    return {}; // Missing or unreadable: new keys are made.
  }
  if (!parsed || typeof parsed !== 'object') return {};
  const entries = Object.entries(parsed as Record<string, unknown>);
  return Object.fromEntries(
    entries.map(([fleet, v]) => [
      fleet,
      typeof v === 'string' ? { admin: v } : roleKeys(v),
    ]),
  );
}

function roleKeys(v: unknown): Partial<RoleKeys> {
  if (!v || typeof v !== 'object') return {};
  const keys: Partial<RoleKeys> = {};
  for (const role of ROLES) {
    const key = (v as Record<string, unknown>)[role];
    if (typeof key === 'string') keys[role] = key;
  }
  return keys;
}
