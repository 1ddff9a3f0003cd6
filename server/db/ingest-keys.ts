import { randomBytes, randomUUID } from 'node:crypto';
import type { IngestKey } from '../../lib/protocol';
import { hashApiKey } from '../auth/api-keys';
import type { Db } from './open';

/**
 * Ingest keys start apart from API keys, so a leaked device key is told
 * from a reading key at a glance and in logs that clip it.
 */
export const INGEST_KEY_PREFIX = 'fli_';

/** The fleet an ingest key may send positions into. */
export interface IngestGrant {
  keyId: string;
  fleetId: string;
}

/** Mints a key for one fleet; the answer is the only place it appears. */
export async function createIngestKey(
  db: Db,
  fleetId: string,
  label: string,
  createdBy: string,
): Promise<Required<IngestKey>> {
  const key = INGEST_KEY_PREFIX + randomBytes(32).toString('base64url');
  const row = {
    id: randomUUID(),
    key_hash: hashApiKey(key),
    fleet_id: fleetId,
    label,
    created_by: createdBy,
    created_at: new Date().toISOString(),
    revoked_at: null,
  };
  await db.insertInto('ingest_keys').values(row).execute();
  return { key_id: row.id, fleet_id: fleetId, label, created_at: row.created_at, key };
}

/** A fleet's live ingest keys, without the keys themselves. */
export async function listIngestKeys(db: Db, fleetId: string): Promise<IngestKey[]> {
  const rows = await db
    .selectFrom('ingest_keys')
    .select(['id', 'fleet_id', 'label', 'created_at'])
    .where('fleet_id', '=', fleetId)
    .where('revoked_at', 'is', null)
    .orderBy('created_at')
    .execute();
  return rows.map(({ id, ...rest }) => ({ key_id: id, ...rest }));
}

/** Revokes a key of one of `fleets`; false when there is no such live key. */
export async function revokeIngestKey(
  db: Db,
  keyId: string,
  fleets: ReadonlySet<string>,
): Promise<boolean> {
  if (fleets.size === 0) return false;
  const result = await db
    .updateTable('ingest_keys')
    .set({ revoked_at: new Date().toISOString() })
    .where('id', '=', keyId)
    .where('fleet_id', 'in', [...fleets])
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/** The grant of a presented ingest key, or null if unknown or revoked. */
export async function findIngestGrant(db: Db, key: string): Promise<IngestGrant | null> {
  if (!key.startsWith(INGEST_KEY_PREFIX)) return null;
  const row = await db
    .selectFrom('ingest_keys')
    .select(['id', 'fleet_id'])
    .where('key_hash', '=', hashApiKey(key))
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return row ? { keyId: row.id, fleetId: row.fleet_id } : null;
}
