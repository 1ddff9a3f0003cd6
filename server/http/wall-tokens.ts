import { wallTokenBodySchema } from '../../lib/protocol/wall-tokens';
import {
  createWallToken,
  listWallTokens,
  revokeWallToken,
  rotateWallToken,
} from '../db/wall-tokens';
import { keyRoutes, type KeyKind } from './keys';
import type { RestDeps, Route } from './rest';

/**
 * Wall display tokens, for admins: make one for a fleet (the answer
 * carries the token and the wall's URL, once), list a fleet's, rotate
 * one, revoke one. Revoking closes the streams the token holds open.
 */
export const WALL_TOKENS: KeyKind<{ label: string }> = {
  noun: 'wall token',
  segment: 'wall-tokens',
  fields: { list: 'wall_tokens', one: 'wall_token', id: 'token_id' },
  body: wallTokenBodySchema,
  hint: 'Send {"label": string (1–100)}',
  list: listWallTokens,
  create: (db, fleetId, { label }, by) => createWallToken(db, fleetId, label, by.keyId),
  rotate: rotateWallToken,
  revoke: revokeWallToken,
};

export function wallTokenRoutes(deps: RestDeps): Route[] {
  return keyRoutes(deps, WALL_TOKENS);
}
