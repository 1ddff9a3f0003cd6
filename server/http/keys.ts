import { z } from 'zod';
import type { Principal } from '../auth/api-keys';
import {
  createFleetKey,
  listFleetKeys,
  revokeFleetKey,
  rotateFleetKey,
  type NewFleetKey,
} from '../db/api-keys';
import type { Db } from '../db/open';
import { readJson } from './body';
import type { Call, RestDeps, Route } from './rest';
import { sendError, sendJson } from './respond';
import { visibleFleet } from './sources';

/**
 * One shape of REST for every kind of key an admin manages (API keys,
 * ingest keys, wall tokens), so each kind only says how it is stored:
 *
 *   GET    /v1/fleets/{fleet}/{kind}        a fleet's live keys, no secrets
 *   POST   /v1/fleets/{fleet}/{kind}        a new key; its secret shown once
 *   POST   /v1/{kind}/{id}/rotate           a new secret, same id and grants
 *   DELETE /v1/{kind}/{id}                  revoked everywhere at once
 *
 * A key of a fleet the admin does not hold is answered like an unknown one.
 */
export interface KeyKind<Body> {
  /** In messages: "ingest key". */
  noun: string;
  /** The URL segment: "ingest-keys". */
  segment: string;
  /** JSON field names: of the list, of one key, of an id. */
  fields: { list: string; one: string; id: string };
  body: z.ZodType<Body>;
  /** What a good creation body looks like, for the 400. */
  hint: string;
  list(db: Db, fleetId: string): Promise<unknown[]>;
  create(db: Db, fleetId: string, body: Body, by: Principal): Promise<unknown>;
  /** undefined: no such live key in `fleets`. */
  rotate(
    db: Db,
    id: string,
    fleets: ReadonlySet<string>,
    graceS: number,
  ): Promise<unknown>;
  /** false: no such live key in `fleets`; a string: why it may not go. */
  revoke(db: Db, id: string, fleets: ReadonlySet<string>): Promise<boolean | string>;
}

const fleetKeyBody = z.strictObject({
  role: z.enum(['viewer', 'dispatcher', 'admin']),
  label: z.string().trim().min(1).max(100),
});

/** API keys of a fleet: `/v1/fleets/{fleet}/keys`, `/v1/keys/{id}`. */
export const API_KEYS: KeyKind<NewFleetKey> = {
  noun: 'API key',
  segment: 'keys',
  fields: { list: 'keys', one: 'key', id: 'key_id' },
  body: fleetKeyBody,
  hint: 'Send {"role": "viewer" | "dispatcher" | "admin", "label": string (1–100)}',
  list: listFleetKeys,
  create: (db, fleetId, body) => createFleetKey(db, fleetId, body),
  rotate: rotateFleetKey,
  revoke: revokeFleetKey,
};

export function apiKeyRoutes(deps: RestDeps): Route[] {
  return keyRoutes(deps, API_KEYS);
}

export function keyRoutes<Body>(deps: RestDeps, kind: KeyKind<Body>): Route[] {
  const roles = ['admin'] as const;
  const fleetPath = new RegExp(`^/v1/fleets/([^/]+)/${kind.segment}$`);
  const route = (method: string, path: RegExp, handle: (call: Call) => Promise<void>) =>
    ({ method, path, roles, handle }) satisfies Route;

  return [
    route('GET', fleetPath, (call) => list(deps, kind, call)),
    route('POST', fleetPath, (call) => create(deps, kind, call)),
    route('POST', new RegExp(`^/v1/${kind.segment}/([^/]+)/rotate$`), (call) =>
      rotate(deps, kind, call),
    ),
    route('DELETE', new RegExp(`^/v1/${kind.segment}/([^/]+)$`), (call) =>
      revoke(deps, kind, call),
    ),
  ];
}

async function list<B>(deps: RestDeps, kind: KeyKind<B>, call: Call): Promise<void> {
  const fleetId = visibleFleet(call);
  if (fleetId === undefined) return;
  const keys = await kind.list(deps.db, fleetId);
  sendJson(call.res, 200, { fleet_id: fleetId, [kind.fields.list]: keys });
}

async function create<B>(deps: RestDeps, kind: KeyKind<B>, call: Call): Promise<void> {
  const fleetId = visibleFleet(call);
  if (fleetId === undefined) return;
  const body = kind.body.safeParse(await readJson(call.req));
  if (!body.success) return sendError(call.res, 'invalid_message', kind.hint);
  const key = await kind.create(deps.db, fleetId, body.data, call.principal);
  sendJson(call.res, 201, { [kind.fields.one]: key });
}

async function rotate<B>(deps: RestDeps, kind: KeyKind<B>, call: Call): Promise<void> {
  const id = call.params[0] ?? '';
  const grace = deps.keyRotateGraceS ?? 0;
  const rotated = await kind.rotate(deps.db, id, call.principal.fleets, grace);
  if (rotated === undefined) return notVisible(kind, call, id);
  deps.keyChanged?.(id);
  sendJson(call.res, 200, { [kind.fields.one]: rotated });
}

async function revoke<B>(deps: RestDeps, kind: KeyKind<B>, call: Call): Promise<void> {
  const id = call.params[0] ?? '';
  const outcome = await kind.revoke(deps.db, id, call.principal.fleets);
  if (outcome === false) return notVisible(kind, call, id);
  if (typeof outcome === 'string') return sendError(call.res, 'key_conflict', outcome);
  deps.keyChanged?.(id);
  sendJson(call.res, 200, { [kind.fields.id]: id, revoked: true });
}

function notVisible<B>(kind: KeyKind<B>, call: Call, id: string): void {
  sendError(call.res, 'not_found', `No ${kind.noun} ${id} is visible to this key`);
}
