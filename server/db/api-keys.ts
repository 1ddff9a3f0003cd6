import type { Role } from '../../lib/protocol';
import { generateApiKey, storeApiKey } from '../auth/api-keys';
import { revokeKey, rotateKey } from './key-rows';
import type { Db } from './open';

/**
 * The API keys of a fleet as its admins manage them over REST. Wall
 * tokens are API keys too but have their own routes, so they are left
 * out here. A key granted a fleet the admin does not hold is not theirs
 * to see or change: it is answered like an unknown one.
 */
export interface FleetKey {
  key_id: string;
  fleet_id: string;
  role: Role;
  label: string;
  created_at: string;
  /** Only in the answers that create or rotate it: never shown again. */
  key?: string;
  /** After a rotation with a grace period: when the old secret stops. */
  previous_valid_until?: string | null;
}

export interface NewFleetKey {
  role: Role;
  label: string;
}

/** A fleet's live API keys (not its wall tokens), without the keys. */
export async function listFleetKeys(db: Db, fleetId: string): Promise<FleetKey[]> {
  const rows = await db
    .selectFrom('api_keys')
    .innerJoin('api_key_fleets', 'api_key_fleets.key_id', 'api_keys.id')
    .select(['api_keys.id', 'api_keys.role', 'api_keys.label', 'api_keys.created_at'])
    .where('api_key_fleets.fleet_id', '=', fleetId)
    .where('api_keys.revoked_at', 'is', null)
    .where('api_keys.id', 'not in', (q) => q.selectFrom('wall_tokens').select('key_id'))
    .orderBy('api_keys.created_at')
    .orderBy('api_keys.id')
    .execute();
  return rows.map((r) => ({
    key_id: r.id,
    fleet_id: fleetId,
    role: r.role,
    label: r.label,
    created_at: r.created_at,
  }));
}

/** Mints a key of one fleet; the answer is the only place it appears. */
export async function createFleetKey(
  db: Db,
  fleetId: string,
  spec: NewFleetKey,
): Promise<Required<Omit<FleetKey, 'previous_valid_until'>>> {
  const key = generateApiKey();
  const id = await storeApiKey(db, key, { ...spec, fleets: [fleetId] });
  const row = await db
    .selectFrom('api_keys')
    .select('created_at')
    .where('id', '=', id)
    .executeTakeFirstOrThrow();
  return { key_id: id, fleet_id: fleetId, ...spec, created_at: row.created_at, key };
}

/**
 * A new secret for key `id`, the old one valid `graceS` more seconds;
 * undefined when the key is not one the holder of `fleets` manages.
 */
export async function rotateFleetKey(
  db: Db,
  id: string,
  fleets: ReadonlySet<string>,
  graceS: number,
): Promise<FleetKey | undefined> {
  const row = await managedKey(db, id, fleets);
  if (!row) return undefined;
  const key = generateApiKey();
  const rotated = await rotateKey(db, 'api_keys', id, key, graceS);
  if (!rotated) return undefined;
  return { ...row, key, previous_valid_until: rotated.previousUntil };
}

/**
 * Revokes key `id`. Refuses (with the reason) to revoke the last admin
 * key of a fleet, which would leave nobody able to manage it over REST.
 */
export async function revokeFleetKey(
  db: Db,
  id: string,
  fleets: ReadonlySet<string>,
): Promise<boolean | string> {
  const row = await managedKey(db, id, fleets);
  if (!row) return false;
  if (row.role === 'admin') {
    const orphaned = await fleetsLeftWithoutAdmin(db, id, row.fleets);
    if (orphaned.length > 0) {
      return (
        `Key ${id} is the last admin key of fleet ${orphaned.join(', ')}; ` +
        'create another admin key first, then revoke this one'
      );
    }
  }
  return revokeKey(db, 'api_keys', id);
}

interface ManagedKey extends FleetKey {
  fleets: string[];
}

/** Key `id` when it is live, not a wall token, and all its fleets are in `fleets`. */
async function managedKey(
  db: Db,
  id: string,
  fleets: ReadonlySet<string>,
): Promise<ManagedKey | undefined> {
  const row = await db
    .selectFrom('api_keys')
    .select(['id', 'role', 'label', 'created_at'])
    .where('id', '=', id)
    .where('revoked_at', 'is', null)
    .where('id', 'not in', (q) => q.selectFrom('wall_tokens').select('key_id'))
    .executeTakeFirst();
  if (!row) return undefined;
  const grants = await db
    .selectFrom('api_key_fleets')
    .select('fleet_id')
    .where('key_id', '=', id)
    .execute();
  const granted = grants.map((g) => g.fleet_id).sort();
  const first = granted[0];
  if (first === undefined || !granted.every((f) => fleets.has(f))) return undefined;
  return {
    key_id: row.id,
    fleet_id: first,
    role: row.role,
    label: row.label,
    created_at: row.created_at,
    fleets: granted,
  };
}

/** Which of `fleetIds` have no live admin key but `id`. */
async function fleetsLeftWithoutAdmin(
  db: Db,
  id: string,
  fleetIds: readonly string[],
): Promise<string[]> {
  const others = await db
    .selectFrom('api_key_fleets')
    .innerJoin('api_keys', 'api_keys.id', 'api_key_fleets.key_id')
    .select('api_key_fleets.fleet_id')
    .where('api_key_fleets.fleet_id', 'in', fleetIds)
    .where('api_keys.id', '!=', id)
    .where('api_keys.role', '=', 'admin')
    .where('api_keys.revoked_at', 'is', null)
    .execute();
  const covered = new Set(others.map((o) => o.fleet_id));
  return fleetIds.filter((f) => !covered.has(f));
}
