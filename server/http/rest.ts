import type http from 'node:http';
import type { Principal } from '../auth/api-keys';
import { listFleets } from '../db/fleets';
import type { Db } from '../db/open';
import { bearerKey, sendError, sendJson } from './respond';

export interface RestDeps {
  db: Db;
  authenticate: (key: string) => Promise<Principal | null>;
}

type Route = (
  req: http.IncomingMessage,
  res: http.ServerResponse,
  p: Principal,
) => Promise<void>;

/**
 * The REST API under /v1. Every route needs `Authorization: Bearer <key>`;
 * a missing or bad key is a 401 with a JSON error, never a 200.
 */
export function createRestApi(deps: RestDeps) {
  const routes: Record<string, Route> = {
    'GET /v1/fleets': async (_req, res, principal) => {
      const fleets = await listFleets(deps.db, principal.fleets);
      sendJson(res, 200, { fleets });
    },
  };

  return async function handle(
    req: http.IncomingMessage,
    res: http.ServerResponse,
  ): Promise<boolean> {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (!url.pathname.startsWith('/v1/')) return false;
    if (url.pathname.startsWith('/v1/streaming/')) return false;

    const route = routes[`${req.method} ${url.pathname.replace(/\/$/, '')}`];
    if (!route) {
      sendError(res, 'not_found', `No route ${req.method} ${url.pathname}`);
      return true;
    }
    const key = bearerKey(req);
    if (!key) {
      sendError(res, 'missing_api_key', 'Send your key as Authorization: Bearer <key>');
      return true;
    }
    const principal = await deps.authenticate(key);
    if (!principal) {
      sendError(res, 'invalid_api_key', 'The API key is unknown or revoked');
      return true;
    }
    await route(req, res, principal);
    return true;
  };
}
