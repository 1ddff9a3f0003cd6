import { keyedHash, keySecret, legacyHash } from '../auth/key-hash';
import type { Db } from './open';

/**
 * What every kind of key shares, whatever it grants: a hashed secret, a
 * revocation, and a rotation that keeps the old secret for a grace
 * period. API keys (wall tokens among them) and ingest keys both go
 * through here, so they hash, rotate and revoke the same way.
 */
export type KeyTable = 'api_keys' | 'ingest_keys';

/** The row a presented key opens, and the hash it now matches. */
export interface KeyMatch {
  id: string;
  /** The keyed hash of the presented secret: what a session was opened with. */
  credential: string;
}

/** A credential to recheck: the key's id and the hash it was accepted by. */
export interface Credential {
  keyId: string;
  credential: string;
}

/** The stored form of a new secret. */
export async function hashKey(db: Db, key: string): Promise<string> {
  return keyedHash(await keySecret(db), key);
}

/**
 * Finds the live row `key` opens: by its current secret, or by the one it
 * replaced while the grace period lasts. A row matched by the legacy plain
 * hash is rewritten to the keyed hash on the spot.
 */
export async function matchKey(
  db: Db,
  table: KeyTable,
  key: string,
): Promise<KeyMatch | null> {
  const keyed = await hashKey(db, key);
  const legacy = legacyHash(key);
  const now = new Date().toISOString();
  const row = await db
    .selectFrom(table)
    .select(['id', 'key_hash', 'previous_hash'])
    .where('revoked_at', 'is', null)
    .where((eb) =>
      eb.or([
        eb('key_hash', 'in', [keyed, legacy]),
        eb.and([
          eb('previous_hash', 'in', [keyed, legacy]),
          eb('previous_until', '>', now),
        ]),
      ]),
    )
    .executeTakeFirst();
  if (!row) return null;

  if (row.key_hash === legacy) {
    await db
      .updateTable(table)
      .set({ key_hash: keyed })
      .where('id', '=', row.id)
      .execute();
  } else if (row.previous_hash === legacy) {
    await db
      .updateTable(table)
      .set({ previous_hash: keyed })
      .where('id', '=', row.id)
      .execute();
  }
  return { id: row.id, credential: keyed };
}

/**
 * Gives live key `id` the secret `key`. The old one keeps working for
 * `graceS` seconds (0: not at all). Returns when the old one stops, or
 * undefined when there is no such live key.
 */
export async function rotateKey(
  db: Db,
  table: KeyTable,
  id: string,
  key: string,
  graceS: number,
): Promise<{ previousUntil: string | null } | undefined> {
  const hash = await hashKey(db, key);
  const previousUntil =
    graceS > 0 ? new Date(Date.now() + graceS * 1000).toISOString() : null;
  const result = await db
    .updateTable(table)
    .set((eb) => ({
      key_hash: hash,
      previous_hash: previousUntil === null ? null : eb.ref('key_hash'),
      previous_until: previousUntil,
    }))
    .where('id', '=', id)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n ? { previousUntil } : undefined;
}

/** Revokes live key `id`, old secret too; false when there is none. */
export async function revokeKey(db: Db, table: KeyTable, id: string): Promise<boolean> {
  const result = await db
    .updateTable(table)
    .set({ revoked_at: new Date().toISOString(), previous_until: null })
    .where('id', '=', id)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/** Ids per query when rechecking: well below every engine's bound-parameter limit. */
const RECHECK_CHUNK = 500;

/**
 * The credentials among `creds` that no longer open their key: revoked,
 * deleted, or an old secret whose grace period is over. One query per 500
 * keys, so a recheck of every live session stays cheap.
 */
export async function deadCredentials(
  db: Db,
  table: KeyTable,
  creds: readonly Credential[],
): Promise<Set<string>> {
  const dead = new Set<string>();
  const ids = [...new Set(creds.map((c) => c.keyId))];
  const now = new Date().toISOString();
  const rows = new Map<string, { key: string; previous: string | null }>();
  for (let i = 0; i < ids.length; i += RECHECK_CHUNK) {
    const found = await db
      .selectFrom(table)
      .select(['id', 'key_hash', 'previous_hash', 'previous_until'])
      .where('id', 'in', ids.slice(i, i + RECHECK_CHUNK))
      .where('revoked_at', 'is', null)
      .execute();
    for (const r of found) {
      const live = r.previous_until !== null && r.previous_until > now;
      rows.set(r.id, { key: r.key_hash, previous: live ? r.previous_hash : null });
    }
  }
  for (const { keyId, credential } of creds) {
    const row = rows.get(keyId);
    if (row?.key === credential || row?.previous === credential) continue;
    dead.add(credential);
  }
  return dead;
}
