import type { z } from 'zod';
import { clip, newTargetSchema } from '../../lib/protocol';
import { listDeliveries } from '../db/notify-deliveries';
import {
  createTarget,
  deleteTarget,
  findTarget,
  listTargets,
  toTarget,
  type TargetRow,
} from '../db/notify-targets';
import { readJson } from './body';
import type { Call, RestDeps, Route } from './rest';
import { sendError, sendJson } from './respond';

/** Most delivery log lines one listing answers, and the default. */
export const MAX_DELIVERY_LIST = 500;
export const DEFAULT_DELIVERY_LIST = 100;

const WHAT_TO_SEND =
  'Send {"kind": "webhook", "address": "https://…"} or ' +
  '{"kind": "email", "address": "ops@example.com"}, optionally with ' +
  '"tier": 0–3, "min_severity": "low" | "medium" | "high" | "critical", ' +
  '"enabled": true | false';

/**
 * Notification targets and the delivery log, for admins only. A fleet or
 * target outside the key is answered like an unknown one. The server
 * POSTs to whatever URL an admin gives (docs/ALERTS.md, Notifications).
 */
export function notifyRoutes(deps: RestDeps): Route[] {
  const admin = ['admin'] as const;
  return [
    {
      method: 'GET',
      path: /^\/v1\/fleets\/([^/]+)\/notify-targets$/,
      roles: admin,
      handle: (call) => getTargets(deps, call),
    },
    {
      method: 'POST',
      path: /^\/v1\/fleets\/([^/]+)\/notify-targets$/,
      roles: admin,
      handle: (call) => postTarget(deps, call),
    },
    {
      method: 'DELETE',
      path: /^\/v1\/notify-targets\/([^/]+)$/,
      roles: admin,
      handle: (call) => removeTarget(deps, call),
    },
    {
      method: 'POST',
      path: /^\/v1\/notify-targets\/([^/]+)\/test$/,
      roles: admin,
      handle: (call) => testTarget(deps, call),
    },
    {
      method: 'GET',
      path: /^\/v1\/fleets\/([^/]+)\/deliveries$/,
      roles: admin,
      handle: (call) => getDeliveries(deps, call),
    },
  ];
}

async function getTargets(deps: RestDeps, call: Call): Promise<void> {
  const fleetId = call.params[0] ?? '';
  if (!call.principal.fleets.has(fleetId)) return noFleet(call, fleetId);

  const targets = await listTargets(deps.db, fleetId);
  sendJson(call.res, 200, { fleet_id: fleetId, targets });
}

async function postTarget(deps: RestDeps, call: Call): Promise<void> {
  const fleetId = call.params[0] ?? '';
  if (!call.principal.fleets.has(fleetId)) return noFleet(call, fleetId);
  const body = newTargetSchema.safeParse(await readJson(call.req));
  if (!body.success) return sendError(call.res, 'invalid_message', problem(body.error));

  const created = await createTarget(
    deps.db,
    fleetId,
    body.data,
    call.principal.keyId,
    new Date(),
  );
  if (!created.ok) {
    const text = `Fleet ${fleetId} has the most targets allowed; delete one first`;
    return sendError(call.res, 'invalid_message', text);
  }
  sendJson(call.res, 201, {
    target: created.target,
    ...(created.secret !== undefined && { secret: created.secret }),
  });
}

async function removeTarget(deps: RestDeps, call: Call): Promise<void> {
  const target = await visibleTarget(deps, call);
  if (!target) return;

  await deleteTarget(deps.db, target.id);
  sendJson(call.res, 200, { target: toTarget(target) });
}

async function testTarget(deps: RestDeps, call: Call): Promise<void> {
  const target = await visibleTarget(deps, call);
  if (!target) return;

  const delivery = await deps.notifier.sendTest(target);
  sendJson(call.res, 200, { delivery });
}

async function getDeliveries(deps: RestDeps, call: Call): Promise<void> {
  const fleetId = call.params[0] ?? '';
  if (!call.principal.fleets.has(fleetId)) return noFleet(call, fleetId);
  const limit = readLimit(new URL(call.req.url ?? '/', 'http://localhost'));
  if (limit === undefined) {
    const text = `limit must be a whole number in [1, ${MAX_DELIVERY_LIST}]`;
    return sendError(call.res, 'invalid_message', text);
  }

  const deliveries = await listDeliveries(deps.db, fleetId, limit);
  sendJson(call.res, 200, { fleet_id: fleetId, deliveries });
}

/** The target named in the path, or a 404 sent and undefined. */
async function visibleTarget(deps: RestDeps, call: Call): Promise<TargetRow | undefined> {
  const id = call.params[0] ?? '';
  const target = await findTarget(deps.db, id);
  if (target && call.principal.fleets.has(target.fleet_id)) return target;
  sendError(call.res, 'not_found', `No notification target ${id} is visible to this key`);
  return undefined;
}

/** The first problem, naming its field, then what a good body looks like. */
function problem(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return WHAT_TO_SEND;
  const field = issue.path.join('.');
  return `${field ? `${field}: ` : ''}${clip(issue.message, 120)}. ${WHAT_TO_SEND}`;
}

/** `limit` as a whole number in [1, MAX_DELIVERY_LIST]; undefined if bad. */
function readLimit(url: URL): number | undefined {
  const raw = url.searchParams.get('limit');
  if (raw === null) return DEFAULT_DELIVERY_LIST;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > MAX_DELIVERY_LIST) return undefined;
  return n;
}

function noFleet(call: Call, fleetId: string): void {
  sendError(call.res, 'not_found', `No fleet ${fleetId} is visible to this key`);
}
