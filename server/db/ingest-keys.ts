import { randomBytes, randomUUID } from 'node:crypto';
import type { IngestKey } from '../../lib/protocol';
import { hashKey, matchKey, revokeKey, rotateKey } from './key-rows';
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
  /** The keyed hash of the secret presented (see Principal.credential). */
  credential: string;
}

/** A new secret for an ingest key. */
export function generateIngestKey(): string {
  return INGEST_KEY_PREFIX + randomBytes(32).toString('base64url');
}

/** Mints a key for one fleet; the answer is the only place it appears. */
export async function createIngestKey(
  db: Db,
  fleetId: string,
  label: string,
  createdBy: string,
): Promise<Required<IngestKey>> {
  const key = generateIngestKey();
  const row = {
    id: randomUUID(),
    key_hash: await hashKey(db, key),
    fleet_id: fleetId,
    label,
    created_by: createdBy,
    created_at: new Date().toISOString(),
    revoked_at: null,
    previous_hash: null,
    previous_until: null,
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

/** The fleet of live ingest key `keyId`, when it is one of `fleets`. */
async function fleetOfKey(
  db: Db,
  keyId: string,
  fleets: ReadonlySet<string>,
): Promise<string | undefined> {
  if (fleets.size === 0) return undefined;
  const row = await db
    .selectFrom('ingest_keys')
    .select('fleet_id')
    .where('id', '=', keyId)
    .where('fleet_id', 'in', [...fleets])
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return row?.fleet_id;
}

/** Revokes a key of one of `fleets`; false when there is no such live key. */
export async function revokeIngestKey(
  db: Db,
  keyId: string,
  fleets: ReadonlySet<string>,
): Promise<boolean> {
  if ((await fleetOfKey(db, keyId, fleets)) === undefined) return false;
  return revokeKey(db, 'ingest_keys', keyId);
}

/**
 * A new secret for a key of one of `fleets`, the old one valid `graceS`
 * more seconds. The answer is the only place the new secret appears.
 */
export async function rotateIngestKey(
  db: Db,
  keyId: string,
  fleets: ReadonlySet<string>,
  graceS: number,
): Promise<RotatedIngestKey | undefined> {
  const fleetId = await fleetOfKey(db, keyId, fleets);
  if (fleetId === undefined) return undefined;
  const key = generateIngestKey();
  const rotated = await rotateKey(db, 'ingest_keys', keyId, key, graceS);
  if (!rotated) return undefined;
  return {
    key_id: keyId,
    fleet_id: fleetId,
    key,
    previous_valid_until: rotated.previousUntil,
  };
}

/** The answer to a rotation: the new secret, and when the old one stops. */
export interface RotatedIngestKey {
  key_id: string;
  fleet_id: string;
  key: string;
  previous_valid_until: string | null;
}

/** The grant of a presented ingest key, or null if unknown or revoked. */
export async function findIngestGrant(db: Db, key: string): Promise<IngestGrant | null> {
  if (!key.startsWith(INGEST_KEY_PREFIX)) return null;
  const match = await matchKey(db, 'ingest_keys', key);
  if (!match) return null;
  const row = await db
    .selectFrom('ingest_keys')
    .select('fleet_id')
    .where('id', '=', match.id)
    .executeTakeFirstOrThrow();
  return { keyId: match.id, fleetId: row.fleet_id, credential: match.credential };
}
