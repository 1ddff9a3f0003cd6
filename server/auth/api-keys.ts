import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { retryOnUniqueViolation } from '../db/errors';
import type { Db } from '../db/open';
import type { Role } from '../db/schema';

/** Who a key belongs to, as every transport sees it after authentication. */
export interface Principal {
  keyId: string;
  role: Role;
  fleets: ReadonlySet<string>;
}

const KEY_PREFIX = 'flk_';

/** 32 random bytes: a key is unguessable, so a fast hash is enough to store it. */
export function generateApiKey(): string {
  return KEY_PREFIX + randomBytes(32).toString('base64url');
}

export function hashApiKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

export interface NewKey {
  role: Role;
  label: string;
  fleets: readonly string[];
}

/** Stores a key (hashed) with its grants. Returns the key's id. */
export async function storeApiKey(db: Db, key: string, spec: NewKey): Promise<string> {
  const id = randomUUID();
  const hash = hashApiKey(key);
  // Two servers starting on one database store the same configured keys.
  await retryOnUniqueViolation(() => store(db, id, hash, spec));
  return id;
}

async function store(db: Db, id: string, hash: string, spec: NewKey): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const existing = await trx
      .selectFrom('api_keys')
      .select('id')
      .where('key_hash', '=', hash)
      .executeTakeFirst();
    const keyId = existing?.id ?? id;
    if (existing) {
      await trx
        .updateTable('api_keys')
        .set({ role: spec.role, label: spec.label, revoked_at: null })
        .where('id', '=', keyId)
        .execute();
      await trx.deleteFrom('api_key_fleets').where('key_id', '=', keyId).execute();
    } else {
      await trx
        .insertInto('api_keys')
        .values({
          id: keyId,
          key_hash: hash,
          role: spec.role,
          label: spec.label,
          created_at: new Date().toISOString(),
          revoked_at: null,
        })
        .execute();
    }
    if (spec.fleets.length > 0) {
      await trx
        .insertInto('api_key_fleets')
        .values(spec.fleets.map((fleet_id) => ({ key_id: keyId, fleet_id })))
        .execute();
    }
  });
}

/** Resolves a presented key to its principal, or null if unknown or revoked. */
export async function findPrincipal(db: Db, key: string): Promise<Principal | null> {
  if (!key.startsWith(KEY_PREFIX) && key.length < 16) return null;
  const row = await db
    .selectFrom('api_keys')
    .select(['id', 'role'])
    .where('key_hash', '=', hashApiKey(key))
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  if (!row) return null;

  const grants = await db
    .selectFrom('api_key_fleets')
    .select('fleet_id')
    .where('key_id', '=', row.id)
    .execute();
  return {
    keyId: row.id,
    role: row.role,
    fleets: new Set(grants.map((g) => g.fleet_id)),
  };
}
