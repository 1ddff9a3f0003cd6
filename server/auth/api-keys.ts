import { randomBytes, randomUUID } from 'node:crypto';
import { retryOnUniqueViolation } from '../db/errors';
import { hashKey, matchKey } from '../db/key-rows';
import type { Db } from '../db/open';
import type { Role } from '../db/schema';
import { legacyHash } from './key-hash';

/** Who a key belongs to, as every transport sees it after authentication. */
export interface Principal {
  keyId: string;
  role: Role;
  fleets: ReadonlySet<string>;
  /**
   * The keyed hash of the secret presented, so a rotation can end the
   * sessions of the old secret and keep those of the new one. Absent on
   * principals not made from a stored key.
   */
  credential?: string;
}

export const KEY_PREFIX = 'flk_';

/** 32 random bytes: unguessable, so one keyed hash is enough to store it. */
export function generateApiKey(): string {
  return KEY_PREFIX + randomBytes(32).toString('base64url');
}

export interface NewKey {
  role: Role;
  label: string;
  fleets: readonly string[];
}

/**
 * Stores a key (hashed) with its grants, or re-grants it when it is
 * already stored (a DEMO_API_KEY given again). Returns the key's id.
 */
export async function storeApiKey(db: Db, key: string, spec: NewKey): Promise<string> {
  const id = randomUUID();
  const hash = await hashKey(db, key);
  // Two servers starting on one database store the same configured keys.
  return retryOnUniqueViolation(() => store(db, id, hash, key, spec));
}

async function store(
  db: Db,
  id: string,
  hash: string,
  key: string,
  spec: NewKey,
): Promise<string> {
  return db.transaction().execute(async (trx) => {
    const existing = await trx
      .selectFrom('api_keys')
      .select('id')
      .where('key_hash', 'in', [hash, legacyHash(key)])
      .executeTakeFirst();
    const keyId = existing?.id ?? id;
    if (existing) {
      await trx
        .updateTable('api_keys')
        .set({ key_hash: hash, role: spec.role, label: spec.label, revoked_at: null })
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
          previous_hash: null,
          previous_until: null,
        })
        .execute();
    }
    if (spec.fleets.length > 0) {
      await trx
        .insertInto('api_key_fleets')
        .values(spec.fleets.map((fleet_id) => ({ key_id: keyId, fleet_id })))
        .execute();
    }
    return keyId;
  });
}

/** Resolves a presented key to its principal, or null if unknown or revoked. */
export async function findPrincipal(db: Db, key: string): Promise<Principal | null> {
  if (!key.startsWith(KEY_PREFIX) && key.length < 16) return null;
  const match = await matchKey(db, 'api_keys', key);
  if (!match) return null;

  // One read for the role and every grant: a key with no fleet yields one
  // row with a null fleet.
  const rows = await db
    .selectFrom('api_keys')
    .leftJoin('api_key_fleets', 'api_key_fleets.key_id', 'api_keys.id')
    .select(['api_keys.role', 'api_key_fleets.fleet_id'])
    .where('api_keys.id', '=', match.id)
    .execute();
  const role = rows[0]?.role;
  if (role === undefined) return null;
  return {
    keyId: match.id,
    role,
    fleets: new Set(rows.flatMap((r) => (r.fleet_id === null ? [] : [r.fleet_id]))),
    credential: match.credential,
  };
}
