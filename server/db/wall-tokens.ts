import { randomBytes, randomUUID } from 'node:crypto';
import { wallUrl, type WallToken } from '../../lib/protocol/wall-tokens';
import { hashApiKey } from '../auth/api-keys';
import type { Db } from './open';

/**
 * A wall token is an ordinary API key (same table, same hash, same
 * lookup on every transport) of the viewer role, granted one fleet. The
 * `wall_tokens` row only says which keys are walls and who made them, so
 * revoking one is revoking the key everywhere at once.
 */
export const WALL_TOKEN_PREFIX = 'flw_';

/** Mints a token for one fleet; the answer is the only place it appears. */
export async function createWallToken(
  db: Db,
  fleetId: string,
  label: string,
  createdBy: string,
): Promise<Required<WallToken>> {
  const token = WALL_TOKEN_PREFIX + randomBytes(32).toString('base64url');
  const id = randomUUID();
  const createdAt = new Date().toISOString();
  await db.transaction().execute(async (trx) => {
    await trx
      .insertInto('api_keys')
      .values({
        id,
        key_hash: hashApiKey(token),
        role: 'viewer',
        label: `Wall: ${label}`,
        created_at: createdAt,
        revoked_at: null,
      })
      .execute();
    await trx
      .insertInto('api_key_fleets')
      .values({ key_id: id, fleet_id: fleetId })
      .execute();
    await trx
      .insertInto('wall_tokens')
      .values({ key_id: id, fleet_id: fleetId, label, created_by: createdBy })
      .execute();
  });
  return {
    token_id: id,
    fleet_id: fleetId,
    label,
    created_at: createdAt,
    created_by: createdBy,
    token,
    wall_url: wallUrl(fleetId, token),
  };
}

/** A fleet's live wall tokens, without the tokens themselves. */
export async function listWallTokens(db: Db, fleetId: string): Promise<WallToken[]> {
  const rows = await db
    .selectFrom('wall_tokens')
    .innerJoin('api_keys', 'api_keys.id', 'wall_tokens.key_id')
    .select([
      'wall_tokens.key_id',
      'wall_tokens.fleet_id',
      'wall_tokens.label',
      'wall_tokens.created_by',
      'api_keys.created_at',
    ])
    .where('wall_tokens.fleet_id', '=', fleetId)
    .where('api_keys.revoked_at', 'is', null)
    .orderBy('api_keys.created_at')
    .execute();
  return rows.map((r) => ({
    token_id: r.key_id,
    fleet_id: r.fleet_id,
    label: r.label,
    created_at: r.created_at,
    created_by: r.created_by,
  }));
}

/** Revokes a token of one of `fleets`; false when there is no such live token. */
export async function revokeWallToken(
  db: Db,
  tokenId: string,
  fleets: ReadonlySet<string>,
): Promise<boolean> {
  if (fleets.size === 0) return false;
  const result = await db
    .updateTable('api_keys')
    .set({ revoked_at: new Date().toISOString() })
    .where('id', '=', tokenId)
    .where('revoked_at', 'is', null)
    .where('id', 'in', (q) =>
      q
        .selectFrom('wall_tokens')
        .select('key_id')
        .where('fleet_id', 'in', [...fleets]),
    )
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}
