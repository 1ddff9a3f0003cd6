import type { z } from 'zod';
import { alertRulePatchSchema, ruleCategorySchema } from '../../lib/protocol';
import { readJson } from './body';
import type { Call, RestDeps, Route } from './rest';
import { sendError, sendJson } from './respond';

const RULES_PATH = /^\/v1\/fleets\/([^/]+)\/alert-rules$/;
const RULE_PATH = /^\/v1\/fleets\/([^/]+)\/alert-rules\/([^/]+)$/;
const RULE_FIELDS = Object.keys(alertRulePatchSchema.shape).join(', ');

/**
 * A fleet's alert rules over REST: every role reads them, admins change
 * one category's rule (`PUT`, a patch) or put it back to its default
 * (`DELETE`). Each change is audited, re-plans the category's open
 * alerts and reaches the fleet's dashboards as the Socket.IO event
 * `alert-rules`. A fleet outside the key is answered like an unknown one
 * (docs/ALERTS.md, "Rules").
 */
export function alertRuleRoutes(deps: RestDeps): Route[] {
  return [
    {
      method: 'GET',
      path: RULES_PATH,
      handle: (call) => getRules(deps, call),
    },
    {
      method: 'PUT',
      path: RULE_PATH,
      roles: ['admin'],
      handle: (call) => putRule(deps, call),
    },
    {
      method: 'DELETE',
      path: RULE_PATH,
      roles: ['admin'],
      handle: (call) => deleteRule(deps, call),
    },
  ];
}

async function getRules(deps: RestDeps, call: Call): Promise<void> {
  const fleetId = call.params[0] ?? '';
  if (!call.principal.fleets.has(fleetId)) return notVisible(call, fleetId);

  sendJson(call.res, 200, await deps.alerts.rules(fleetId));
}

async function putRule(deps: RestDeps, call: Call): Promise<void> {
  const [fleetId = '', raw = ''] = call.params;
  if (!call.principal.fleets.has(fleetId)) return notVisible(call, fleetId);
  const category = readCategory(call, raw);
  if (category === undefined) return;

  const body = alertRulePatchSchema.safeParse(await readJson(call.req));
  if (!body.success) {
    return sendError(call.res, 'invalid_message', describeIssue(body.error));
  }
  if (Object.keys(body.data).length === 0) {
    const text = `Send at least one of ${RULE_FIELDS}`;
    return sendError(call.res, 'invalid_message', text);
  }

  const rule = await deps.alerts.updateRule(call.principal, fleetId, category, body.data);
  sendJson(call.res, 200, { rule });
}

async function deleteRule(deps: RestDeps, call: Call): Promise<void> {
  const [fleetId = '', raw = ''] = call.params;
  if (!call.principal.fleets.has(fleetId)) return notVisible(call, fleetId);
  const category = readCategory(call, raw);
  if (category === undefined) return;

  const rule = await deps.alerts.resetRule(call.principal, fleetId, category);
  sendJson(call.res, 200, { rule });
}

/** The category of the path, or undefined once a 400 is sent. */
function readCategory(call: Call, raw: string): string | undefined {
  const parsed = ruleCategorySchema.safeParse(raw);
  if (parsed.success) return parsed.data;
  const text = 'category must be lower-case letters, digits and _, such as harsh_braking';
  sendError(call.res, 'invalid_message', text);
  return undefined;
}

/** The first problem, naming the field: "escalation_delay_s: …". */
function describeIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return 'The rule is not valid';
  if (issue.code === 'unrecognized_keys') {
    const unknown = issue.keys.join(', ');
    return `Unknown field ${unknown}; send only the fields of an alert rule`;
  }
  if (issue.path.length === 0) return 'Send the rule fields to change as a JSON object';
  return `${issue.path.join('.')}: ${issue.message}`;
}

function notVisible(call: Call, fleetId: string): void {
  sendError(call.res, 'not_found', `No fleet ${fleetId} is visible to this key`);
}
