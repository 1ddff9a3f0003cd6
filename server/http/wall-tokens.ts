import { wallTokenBodySchema } from '../../lib/protocol/wall-tokens';
import { createWallToken, listWallTokens, revokeWallToken } from '../db/wall-tokens';
import { readJson } from './body';
import type { Call, RestDeps, Route } from './rest';
import { sendError, sendJson } from './respond';
import { visibleFleet } from './sources';

/**
 * Wall display tokens, for admins: make one for a fleet (the answer
 * carries the token and the wall's URL, once), list a fleet's, revoke
 * one. Revoking closes the streams the token holds open right away.
 */
export function wallTokenRoutes(deps: RestDeps): Route[] {
  const admin = ['admin'] as const;
  const route = (
    method: string,
    path: RegExp,
    handle: (deps: RestDeps, call: Call) => Promise<void>,
  ): Route => ({ method, path, roles: admin, handle: (call) => handle(deps, call) });

  return [
    route('GET', /^\/v1\/fleets\/([^/]+)\/wall-tokens$/, getTokens),
    route('POST', /^\/v1\/fleets\/([^/]+)\/wall-tokens$/, postToken),
    route('DELETE', /^\/v1\/wall-tokens\/([^/]+)$/, deleteToken),
  ];
}

async function getTokens(deps: RestDeps, call: Call): Promise<void> {
  const fleetId = visibleFleet(call);
  if (fleetId === undefined) return;
  const tokens = await listWallTokens(deps.db, fleetId);
  sendJson(call.res, 200, { fleet_id: fleetId, wall_tokens: tokens });
}

async function postToken(deps: RestDeps, call: Call): Promise<void> {
  const fleetId = visibleFleet(call);
  if (fleetId === undefined) return;
  const body = wallTokenBodySchema.safeParse(await readJson(call.req));
  if (!body.success) {
    return sendError(call.res, 'invalid_message', 'Send {"label": string (1–100)}');
  }
  const { label } = body.data;
  const token = await createWallToken(deps.db, fleetId, label, call.principal.keyId);
  sendJson(call.res, 201, { wall_token: token });
}

async function deleteToken(deps: RestDeps, call: Call): Promise<void> {
  const tokenId = call.params[0] ?? '';
  if (!(await revokeWallToken(deps.db, tokenId, call.principal.fleets))) {
    return sendError(
      call.res,
      'not_found',
      `No wall token ${tokenId} is visible to this key`,
    );
  }
  deps.closeSessions?.(tokenId);
  sendJson(call.res, 200, { token_id: tokenId, revoked: true });
}
