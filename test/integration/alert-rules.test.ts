import { io, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DEFAULT_RULE_CATEGORIES,
  defaultRule,
  type AlertRule,
  type AlertRuleList,
  type RuleAuditEntry,
} from '../../lib/protocol';
import { storeApiKey } from '../../server/auth/api-keys';
import { engineAlert } from '../support/alerts';
import { keyOf, startServer, type TestServer } from '../support/server';

const FLEET = 'ann-arbor';
const OTHER = 'austin-metrorapid';

const KEYS = {
  admin: 'flk_rules-test-admin-000000000000000',
  dispatcher: 'flk_rules-test-dispatcher-0000000000',
  viewer: 'flk_rules-test-viewer-00000000000000',
};
type Who = keyof typeof KEYS;

let server: TestServer;
const ids: Partial<Record<Who, string>> = {};
let viewerSocket: Socket;
/** Every `alert-rules` event the viewer's dashboard received. */
const pushed: AlertRuleList[] = [];

beforeAll(async () => {
  server = await startServer();
  for (const role of ['admin', 'dispatcher', 'viewer'] as const) {
    ids[role] = await storeApiKey(server.app.db, KEYS[role], {
      role,
      label: `rules ${role}`,
      fleets: [FLEET],
    });
  }
  viewerSocket = io(server.base, {
    auth: { apiKey: KEYS.viewer, fleetId: FLEET },
    transports: ['websocket'],
    reconnection: false,
    forceNew: true,
  });
  viewerSocket.on('alert-rules', (list: AlertRuleList) => pushed.push(list));
  await new Promise((r) => viewerSocket.once('snapshot', r));
});

afterAll(async () => {
  viewerSocket.disconnect();
  await server.close();
});

function call(method: string, path: string, key: string, body?: unknown) {
  return fetch(server.base + path, {
    method,
    headers: { Authorization: `Bearer ${key}`, 'Content-Type': 'application/json' },
    ...(body !== undefined && {
      body: typeof body === 'string' ? body : JSON.stringify(body),
    }),
  });
}

async function rulesOf(who: Who): Promise<AlertRule[]> {
  const res = await call('GET', `/v1/fleets/${FLEET}/alert-rules`, KEYS[who]);
  expect(res.status).toBe(200);
  return ((await res.json()) as AlertRuleList).rules;
}

async function errorOf(res: Response): Promise<unknown> {
  return ((await res.json()) as { error: unknown }).error;
}

/** Waits for the viewer's dashboard to hear of a change of `category`. */
async function pushedRule(category: string, check: (r: AlertRule) => boolean) {
  for (let i = 0; i < 50; i++) {
    const rule = pushed
      .flatMap((l) => l.rules)
      .find((r) => r.category === category && check(r));
    if (rule) return rule;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`no alert-rules event changed ${category}`);
}

describe('reading rules', () => {
  it.each([['viewer'], ['dispatcher'], ['admin']] as const)(
    'answers a %s every default category, the guide four first',
    async (who) => {
      const rules = await rulesOf(who);

      expect(
        rules.slice(0, DEFAULT_RULE_CATEGORIES.length).map((r) => r.category),
      ).toEqual(DEFAULT_RULE_CATEGORIES);
      expect(rules.slice(0, 4).map((r) => r.category)).toEqual([
        'harsh_braking',
        'collision_risk',
        'vehicle_breakdown',
        'route_deviation',
      ]);
      expect(rules.find((r) => r.category === 'collision_risk')).toEqual(
        defaultRule(FLEET, 'collision_risk'),
      );
    },
  );

  it('lists a category the fleet has alerts of, with the fallback rule', async () => {
    await server.app.alerts.raise(
      engineAlert(FLEET, 'tyre-car', { category: 'tyre_pressure' }),
    );

    const rules = await rulesOf('viewer');

    expect(rules.find((r) => r.category === 'tyre_pressure')).toEqual(
      defaultRule(FLEET, 'tyre_pressure'),
    );
  });

  it('answers a fleet outside the key exactly like an unknown one', async () => {
    const theirs = await call('GET', `/v1/fleets/${OTHER}/alert-rules`, KEYS.admin);
    const unknown = await call('GET', '/v1/fleets/nope/alert-rules', KEYS.admin);

    expect(theirs.status).toBe(404);
    expect(unknown.status).toBe(404);
    expect(await errorOf(theirs)).toEqual({
      code: 'not_found',
      message: `No fleet ${OTHER} is visible to this key`,
    });
  });
});

describe('changing rules', () => {
  it('merges an admin patch over the default, answers it and keeps it', async () => {
    const res = await call(
      'PUT',
      `/v1/fleets/${FLEET}/alert-rules/harsh_braking`,
      KEYS.admin,
      {
        escalation_delay_s: 60,
        notify_channels: ['push', 'webhook'],
      },
    );

    expect(res.status).toBe(200);
    const { rule } = (await res.json()) as { rule: AlertRule };
    expect(rule).toEqual({
      ...defaultRule(FLEET, 'harsh_braking'),
      escalation_delay_s: 60,
      notify_channels: ['push', 'webhook'],
      is_default: false,
      updated_by: ids.admin,
      updated_at: rule.updated_at,
    });
    expect((await rulesOf('viewer')).find((r) => r.category === 'harsh_braking')).toEqual(
      rule,
    );
  });

  it('tells the fleet dashboards of the change as alert-rules', async () => {
    await call('PUT', `/v1/fleets/${FLEET}/alert-rules/idling`, KEYS.admin, {
      auto_resolve_after_s: 900,
    });

    const rule = await pushedRule('idling', (r) => r.auto_resolve_after_s === 900);

    expect(rule.is_default).toBe(false);
    expect(pushed.at(-1)?.fleet_id).toBe(FLEET);
  });

  it('puts a rule back to its default', async () => {
    await call('PUT', `/v1/fleets/${FLEET}/alert-rules/speeding`, KEYS.admin, {
      severity: 'critical',
    });

    const res = await call(
      'DELETE',
      `/v1/fleets/${FLEET}/alert-rules/speeding`,
      KEYS.admin,
    );

    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ rule: defaultRule(FLEET, 'speeding') });
    expect((await rulesOf('admin')).find((r) => r.category === 'speeding')).toEqual(
      defaultRule(FLEET, 'speeding'),
    );
  });

  it('audits each change in rule_entries of the audit log', async () => {
    await call('PUT', `/v1/fleets/${FLEET}/alert-rules/low_fuel`, KEYS.admin, {
      auto_resolve: false,
    });
    await call('DELETE', `/v1/fleets/${FLEET}/alert-rules/low_fuel`, KEYS.admin);

    const res = await call('GET', `/v1/fleets/${FLEET}/audit`, KEYS.admin);
    const { rule_entries } = (await res.json()) as { rule_entries: RuleAuditEntry[] };

    const mine = rule_entries.filter((e) => e.category === 'low_fuel');
    expect(mine).toMatchObject([
      { action: 'rule_reset', actor: ids.admin },
      { action: 'rule_update', actor: ids.admin, changes: { auto_resolve: false } },
    ]);
  });

  it.each([['viewer'], ['dispatcher']] as const)(
    'refuses a %s changing a rule with role_forbidden',
    async (who) => {
      const path = `/v1/fleets/${FLEET}/alert-rules/harsh_braking`;

      const put = await call('PUT', path, KEYS[who], { escalation_delay_s: 1 });
      const del = await call('DELETE', path, KEYS[who]);

      for (const res of [put, del]) {
        expect(res.status).toBe(403);
        expect(await errorOf(res)).toEqual({
          code: 'role_forbidden',
          message: `The ${who} role may not do this`,
        });
      }
    },
  );

  it('answers an admin of another fleet not_found', async () => {
    const outsider = keyOf(server, OTHER);

    const res = await call(
      'PUT',
      `/v1/fleets/${FLEET}/alert-rules/harsh_braking`,
      outsider,
      {
        escalation_delay_s: 1,
      },
    );

    expect(res.status).toBe(404);
    expect(await errorOf(res)).toEqual({
      code: 'not_found',
      message: `No fleet ${FLEET} is visible to this key`,
    });
  });

  it.each([
    [
      { escalation_delay_s: -1 },
      'escalation_delay_s: must be a whole number of seconds from 0 to 86400',
    ],
    [
      { escalation_delay_s: 1.5 },
      'escalation_delay_s: must be a whole number of seconds from 0 to 86400',
    ],
    [{ severity: 'urgent' }, 'severity: must be one of low, medium, high, critical'],
    [
      { notify_channels: ['fax'] },
      'notify_channels.0: must be one of push, email, sms, phone_call, webhook',
    ],
    [{ auto_resolve: 'yes' }, 'auto_resolve: must be true or false'],
    [{ notify_channels: ['sms', 'sms'] }, 'notify_channels: must name each channel once'],
    [{ actions: ['call', 'call'] }, 'actions: must name each action once'],
    [
      { escalationDelay: 60 },
      'Unknown field escalationDelay; send only the fields of an alert rule',
    ],
    [
      {},
      'Send at least one of group, severity, notify_channels, escalation_delay_s, auto_resolve, auto_resolve_after_s, actions',
    ],
  ])('refuses %j with invalid_message naming the field', async (body, message) => {
    const res = await call(
      'PUT',
      `/v1/fleets/${FLEET}/alert-rules/harsh_braking`,
      KEYS.admin,
      body,
    );

    expect(res.status).toBe(400);
    expect(await errorOf(res)).toEqual({ code: 'invalid_message', message });
  });

  it('refuses a category that is not a lower-case name', async () => {
    const res = await call(
      'PUT',
      `/v1/fleets/${FLEET}/alert-rules/Harsh-Braking`,
      KEYS.admin,
      {
        escalation_delay_s: 60,
      },
    );

    expect(res.status).toBe(400);
    expect(await errorOf(res)).toEqual({
      code: 'invalid_message',
      message: 'category must be lower-case letters, digits and _, such as harsh_braking',
    });
  });

  it('refuses a body that is not JSON', async () => {
    const res = await call(
      'PUT',
      `/v1/fleets/${FLEET}/alert-rules/harsh_braking`,
      KEYS.admin,
      '{',
    );

    expect(res.status).toBe(400);
    expect(await errorOf(res)).toMatchObject({ code: 'malformed_json' });
  });
});
