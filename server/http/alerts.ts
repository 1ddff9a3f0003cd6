import {
  ALERT_STATUSES,
  alertActionBodySchema,
  type AlertAction,
  type AlertStatus,
} from '../../lib/protocol';
import { listRuleAudit } from '../db/alert-rules';
import { listAlerts, listAudit, MAX_ALERT_LIST } from '../db/alerts';
import { readJson } from './body';
import type { Call, RestDeps, Route } from './rest';
import { sendError, sendJson } from './respond';

/** Alerts or audit entries answered when `limit` is not given. */
export const DEFAULT_ALERT_LIST = 100;

/**
 * The alert queue over REST: every role reads a fleet's alerts, admins
 * acknowledge and resolve them and read the audit log (the alerts'
 * entries, and the rule changes as `rule_entries`). An alert or fleet
 * outside the key is answered like an unknown one (docs/ALERTS.md).
 */
export function alertRoutes(deps: RestDeps): Route[] {
  return [
    {
      method: 'GET',
      path: /^\/v1\/fleets\/([^/]+)\/alerts$/,
      handle: (call) => getAlerts(deps, call),
    },
    {
      method: 'GET',
      path: /^\/v1\/fleets\/([^/]+)\/audit$/,
      roles: ['admin'],
      handle: (call) => getAudit(deps, call),
    },
    {
      method: 'POST',
      path: /^\/v1\/alerts\/([^/]+)\/acknowledge$/,
      roles: ['admin'],
      handle: (call) => act(deps, call, 'acknowledge'),
    },
    {
      method: 'POST',
      path: /^\/v1\/alerts\/([^/]+)\/resolve$/,
      roles: ['admin'],
      handle: (call) => act(deps, call, 'resolve'),
    },
  ];
}

async function getAlerts(deps: RestDeps, call: Call): Promise<void> {
  const fleetId = call.params[0] ?? '';
  if (!call.principal.fleets.has(fleetId)) return notVisible(call, fleetId);

  const url = new URL(call.req.url ?? '/', 'http://localhost');
  const status = url.searchParams.get('status') ?? undefined;
  if (status !== undefined && !isStatusFilter(status)) {
    const text = `status must be one of ${[...ALERT_STATUSES, 'open'].join(', ')}`;
    return sendError(call.res, 'invalid_message', text);
  }
  const limit = readLimit(url);
  if (limit === undefined) return badLimit(call);

  const tripId = url.searchParams.get('trip_id') ?? undefined;
  const alerts = await listAlerts(deps.db, fleetId, {
    limit,
    ...(status !== undefined && { status }),
    ...(tripId !== undefined && { tripId }),
  });
  sendJson(call.res, 200, { fleet_id: fleetId, alerts });
}

async function getAudit(deps: RestDeps, call: Call): Promise<void> {
  const fleetId = call.params[0] ?? '';
  if (!call.principal.fleets.has(fleetId)) return notVisible(call, fleetId);

  const limit = readLimit(new URL(call.req.url ?? '/', 'http://localhost'));
  if (limit === undefined) return badLimit(call);

  const entries = await listAudit(deps.db, fleetId, limit);
  const rule_entries = await listRuleAudit(deps.db, fleetId, limit);
  sendJson(call.res, 200, { fleet_id: fleetId, entries, rule_entries });
}

async function act(deps: RestDeps, call: Call, action: AlertAction): Promise<void> {
  const alertId = call.params[0] ?? '';
  const body = alertActionBodySchema.safeParse(await readBody(call));
  if (!body.success) {
    const text = 'Send {"note"?: string (≤ 500), "request_id"?: string (≤ 100)}';
    return sendError(call.res, 'invalid_message', text);
  }

  const outcome = await deps.alerts.act(call.principal, alertId, action, {
    note: body.data.note,
    requestId: body.data.request_id,
  });
  if (!outcome.ok) return sendError(call.res, outcome.code, outcome.message);
  sendJson(call.res, 200, { alert: outcome.alert });
}

/** The body is optional: an empty one means no note and no request id. */
async function readBody(call: Call): Promise<unknown> {
  const declared = call.req.headers['content-length'];
  const chunked = call.req.headers['transfer-encoding'] !== undefined;
  if (!chunked && (declared === undefined || declared === '0')) return {};
  return readJson(call.req);
}

function isStatusFilter(s: string): s is AlertStatus | 'open' {
  return s === 'open' || (ALERT_STATUSES as readonly string[]).includes(s);
}

/** `limit` as a whole number in [1, MAX_ALERT_LIST]; undefined if bad. */
function readLimit(url: URL): number | undefined {
  const raw = url.searchParams.get('limit');
  if (raw === null) return DEFAULT_ALERT_LIST;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > MAX_ALERT_LIST) return undefined;
  return n;
}

function badLimit(call: Call): void {
  const text = `limit must be a whole number in [1, ${MAX_ALERT_LIST}]`;
  sendError(call.res, 'invalid_message', text);
}

function notVisible(call: Call, fleetId: string): void {
  sendError(call.res, 'not_found', `No fleet ${fleetId} is visible to this key`);
}
