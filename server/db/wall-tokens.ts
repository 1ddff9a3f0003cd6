import { randomBytes, randomUUID } from 'node:crypto';
import { wallUrl, type WallToken } from '../../lib/protocol/wall-tokens';
import { hashKey, revokeKey, rotateKey } from './key-rows';
import type { Db } from './open';

/**
 * A wall token is an ordinary API key (same table, same hash, same
 * lookup on every transport) of the viewer role, granted one fleet. The
 * `wall_tokens` row only says which keys are walls and who made them, so
 * revoking one is revoking the key everywhere at once.
 */
export const WALL_TOKEN_PREFIX = 'flw_';

/** A new secret for a wall token. */
export function generateWallToken(): string {
  return WALL_TOKEN_PREFIX + randomBytes(32).toString('base64url');
}

/** Mints a token for one fleet; the answer is the only place it appears. */
export async function createWallToken(
  db: Db,
  fleetId: string,
  label: string,
  createdBy: string,
): Promise<Required<WallToken>> {
  const token = generateWallToken();
  const id = randomUUID();
  const createdAt = new Date().toISOString();
  const hash = await hashKey(db, token);
  await db.transaction().execute(async (trx) => {
    await trx
      .insertInto('api_keys')
      .values({
        id,
        key_hash: hash,
        role: 'viewer',
        label: `Wall: ${label}`,
        created_at: createdAt,
        revoked_at: null,
        previous_hash: null,
        previous_until: null,
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

/** The fleet of live wall token `tokenId`, when it is one of `fleets`. */
async function fleetOfToken(
  db: Db,
  tokenId: string,
  fleets: ReadonlySet<string>,
): Promise<string | undefined> {
  if (fleets.size === 0) return undefined;
  const row = await db
    .selectFrom('wall_tokens')
    .innerJoin('api_keys', 'api_keys.id', 'wall_tokens.key_id')
    .select('wall_tokens.fleet_id')
    .where('wall_tokens.key_id', '=', tokenId)
    .where('wall_tokens.fleet_id', 'in', [...fleets])
    .where('api_keys.revoked_at', 'is', null)
    .executeTakeFirst();
  return row?.fleet_id;
}

/** Revokes a token of one of `fleets`; false when there is no such live token. */
export async function revokeWallToken(
  db: Db,
  tokenId: string,
  fleets: ReadonlySet<string>,
): Promise<boolean> {
  if ((await fleetOfToken(db, tokenId, fleets)) === undefined) return false;
  return revokeKey(db, 'api_keys', tokenId);
}

/** The answer to a rotation: the new token and URL, and when the old stops. */
export interface RotatedWallToken {
  token_id: string;
  fleet_id: string;
  token: string;
  wall_url: string;
  previous_valid_until: string | null;
}

/** A new secret for a token of one of `fleets`, the old one valid `graceS` more seconds. */
export async function rotateWallToken(
  db: Db,
  tokenId: string,
  fleets: ReadonlySet<string>,
  graceS: number,
): Promise<RotatedWallToken | undefined> {
  const fleetId = await fleetOfToken(db, tokenId, fleets);
  if (fleetId === undefined) return undefined;
  const token = generateWallToken();
  const rotated = await rotateKey(db, 'api_keys', tokenId, token, graceS);
  if (!rotated) return undefined;
  return {
    token_id: tokenId,
    fleet_id: fleetId,
    token,
    wall_url: wallUrl(fleetId, token),
    previous_valid_until: rotated.previousUntil,
  };
}
