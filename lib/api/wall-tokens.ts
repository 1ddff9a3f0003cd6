import type { WallToken } from '../protocol/wall-tokens';
import { callApi, segment } from './client';

/** Wall display tokens of a fleet (admins): docs/WALL.md. */

export function fetchWallTokens(
  key: string,
  fleetId: string,
  signal?: AbortSignal,
): Promise<{ wall_tokens: WallToken[] }> {
  const path = `/v1/fleets/${segment(fleetId)}/wall-tokens`;
  return callApi(key, path, signal && { signal });
}

/** A new token; the token and its wall URL come with this answer only. */
export function createWallToken(
  key: string,
  fleetId: string,
  label: string,
): Promise<{ wall_token: Required<WallToken> }> {
  const path = `/v1/fleets/${segment(fleetId)}/wall-tokens`;
  return callApi(key, path, { method: 'POST', body: { label } });
}

export function revokeWallToken(key: string, tokenId: string): Promise<unknown> {
  return callApi(key, `/v1/wall-tokens/${segment(tokenId)}`, { method: 'DELETE' });
}
