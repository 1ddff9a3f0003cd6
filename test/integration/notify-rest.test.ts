import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Delivery, NotifyTarget } from '../../lib/protocol';
import { storeApiKey } from '../../server/auth/api-keys';
import { registerFleets } from '../../server/db/fleets';
import { engineAlert } from '../support/alerts';
import { nextAttempts } from '../support/attempts';
import { startServer, type TestServer } from '../support/server';
import {
  startReceiver,
  verifySignature,
  type Answer,
  type Receiver,
} from '../support/webhook-receiver';

const FLEET = 'notify-fleet';
const OTHER = 'other-fleet';
/** Alone with its one target, so the desk's notices go nowhere else. */
const DESK = 'desk-fleet';
const KEYS = {
  admin: 'flk_notify-test-admin-000000000000000',
  dispatcher: 'flk_notify-test-dispatcher-0000000000',
  viewer: 'flk_notify-test-viewer-00000000000000',
  otherAdmin: 'flk_notify-test-other-admin-000000000',
};
const SEND_HINT = 'Send {"kind": "webhook", "address": "https://…"}';

let server: TestServer;
/** Every stored webhook target points here, so nothing is sent elsewhere. */
let inert: Receiver;
const receivers: Receiver[] = [];

beforeAll(async () => {
  inert = await receiver(() => ({ status: 204 }));
  server = await startServer({ DEMO: 'off', NOTIFY_RETRY_DELAYS_MS: '20,20' });
  await registerFleets(
    server.app.db,
    [
      { id: FLEET, name: 'Notify fleet', timezone: 'Europe/Berlin' },
      { id: OTHER, name: 'Other fleet', timezone: 'America/Chicago' },
      { id: DESK, name: 'Desk fleet', timezone: 'Europe/Berlin' },
    ],
    [],
  );
  const roles = { admin: 'admin', dispatcher: 'dispatcher', viewer: 'viewer' } as const;
  for (const [name, role] of Object.entries(roles)) {
    await storeApiKey(server.app.db, KEYS[name as keyof typeof roles], {
      role,
      label: name,
      fleets: role === 'admin' ? [FLEET, DESK] : [FLEET],
    });
  }
  await storeApiKey(server.app.db, KEYS.otherAdmin, {
    role: 'admin',
    label: 'other admin',
    fleets: [OTHER],
  });
});

afterAll(async () => {
  for (const r of receivers) await r.close();
  await server?.close();
});

function call(method: string, path: string, key: string, body?: unknown) {
  return fetch(server.base + path, {
    method,
    headers: { Authorization: `Bearer ${key}`, 'Content-Type': 'application/json' },
    // fetch refuses a GET with a body; a GET here simply sends none.
    ...(body !== undefined &&
      method !== 'GET' && {
        body: typeof body === 'string' ? body : JSON.stringify(body),
      }),
  });
}

async function errorOf(res: Response): Promise<{ code: string; message: string }> {
  return ((await res.json()) as { error: { code: string; message: string } }).error;
}

async function receiver(answer: (n: number) => Answer): Promise<Receiver> {
  const r = await startReceiver(answer);
  receivers.push(r);
  return r;
}

interface Created {
  target: NotifyTarget;
  secret?: string;
}

async function webhookTo(url: string, fleet = FLEET): Promise<Created> {
  const res = await call('POST', `/v1/fleets/${fleet}/notify-targets`, KEYS.admin, {
    kind: 'webhook',
    address: url,
  });
  expect(res.status).toBe(201);
  return (await res.json()) as Created;
}

async function deliveries(): Promise<Delivery[]> {
  const res = await call('GET', `/v1/fleets/${FLEET}/deliveries?limit=500`, KEYS.admin);
  return ((await res.json()) as { deliveries: Delivery[] }).deliveries;
}

describe('roles', () => {
  it.each([['viewer'], ['dispatcher']] as const)(
    'refuses a %s every notification route with role_forbidden',
    async (role) => {
      const { target } = await webhookTo(`${inert.url}/a`);
      const routes = [
        ['GET', `/v1/fleets/${FLEET}/notify-targets`],
        ['POST', `/v1/fleets/${FLEET}/notify-targets`],
        ['GET', `/v1/fleets/${FLEET}/deliveries`],
        ['DELETE', `/v1/notify-targets/${target.target_id}`],
        ['POST', `/v1/notify-targets/${target.target_id}/test`],
      ] as const;

      for (const [method, path] of routes) {
        const res = await call(method, path, KEYS[role], {});
        expect(res.status).toBe(403);
        expect(await errorOf(res)).toEqual({
          code: 'role_forbidden',
          message: `The ${role} role may not do this`,
        });
      }
    },
  );
});

describe('targets', () => {
  it('creates a webhook target and shows its secret only once', async () => {
    const res = await call('POST', `/v1/fleets/${FLEET}/notify-targets`, KEYS.admin, {
      kind: 'webhook',
      address: `${inert.url}/fleet`,
      tier: 1,
      min_severity: 'high',
    });
    const created = (await res.json()) as Created;

    expect(res.status).toBe(201);
    expect(created.secret).toMatch(/^[0-9a-f]{64}$/);
    expect(created.target).toMatchObject({
      fleet_id: FLEET,
      kind: 'webhook',
      address: `${inert.url}/fleet`,
      tier: 1,
      min_severity: 'high',
      enabled: true,
    });
    const list = await call('GET', `/v1/fleets/${FLEET}/notify-targets`, KEYS.admin);
    const text = await list.text();
    expect(text).toContain(created.target.target_id);
    expect(text).not.toContain(created.secret);
    expect(text).not.toContain('"secret"');
  });

  it('creates an e-mail target, which has no secret', async () => {
    const res = await call('POST', `/v1/fleets/${FLEET}/notify-targets`, KEYS.admin, {
      kind: 'email',
      address: 'ops@fleet.test',
    });
    const created = (await res.json()) as Created;

    expect(res.status).toBe(201);
    expect(created.secret).toBeUndefined();
    expect(created.target).toMatchObject({ kind: 'email', tier: 0, min_severity: 'low' });
  });

  it.each([
    [{ kind: 'webhook', address: 'ftp://127.0.0.1/x' }, 'address: must be an http://'],
    [{ kind: 'webhook', address: 'https://u:p@127.0.0.1/x' }, 'address: must not carry'],
    [{ kind: 'email', address: 'not an address' }, 'address: must be an e-mail address'],
    [{ kind: 'webhook', address: 'https://127.0.0.1/x', tier: 9 }, 'tier: '],
    [{ kind: 'webhook', address: 'https://127.0.0.1/x', secret: 's' }, 'Unrecognized'],
    [{ kind: 'sms', address: '+4930123' }, 'kind: '],
    [{ address: 'https://127.0.0.1/x' }, 'kind: '],
  ])('refuses %j with invalid_message naming the problem', async (body, start) => {
    const res = await call(
      'POST',
      `/v1/fleets/${FLEET}/notify-targets`,
      KEYS.admin,
      body,
    );
    const error = await errorOf(res);

    expect(res.status).toBe(400);
    expect(error.code).toBe('invalid_message');
    expect(error.message.startsWith(start)).toBe(true);
    expect(error.message).toContain(SEND_HINT);
  });

  it('refuses a body that is not JSON', async () => {
    const res = await call('POST', `/v1/fleets/${FLEET}/notify-targets`, KEYS.admin, '{');

    expect(res.status).toBe(400);
    expect((await errorOf(res)).code).toBe('malformed_json');
  });

  it('deletes a target, failing what was still pending for it', async () => {
    const later = await receiver(() => ({
      status: 503,
      headers: { 'Retry-After': '3600' },
    }));
    const { target } = await webhookTo(later.url);
    const test = await call(
      'POST',
      `/v1/notify-targets/${target.target_id}/test`,
      KEYS.admin,
    );
    const { delivery } = (await test.json()) as { delivery: Delivery };
    expect(delivery.status).toBe('pending');

    const res = await call(
      'DELETE',
      `/v1/notify-targets/${target.target_id}`,
      KEYS.admin,
    );
    const again = await call(
      'DELETE',
      `/v1/notify-targets/${target.target_id}`,
      KEYS.admin,
    );

    expect(res.status).toBe(200);
    expect(((await res.json()) as Created).target).toEqual(target);
    expect(again.status).toBe(404);
    const logged = (await deliveries()).find(
      (d) => d.delivery_id === delivery.delivery_id,
    );
    expect(logged).toMatchObject({ status: 'failed', last_error: 'target deleted' });
  });
});

describe('another fleet', () => {
  it("answers another fleet's admin 404, like an unknown fleet or target", async () => {
    const { target } = await webhookTo(`${inert.url}/private`);
    const unknown = await call('DELETE', '/v1/notify-targets/target_nope', KEYS.admin);
    const fleetRoutes = [
      ['GET', `/v1/fleets/${FLEET}/notify-targets`],
      ['POST', `/v1/fleets/${FLEET}/notify-targets`],
      ['GET', `/v1/fleets/${FLEET}/deliveries`],
    ] as const;

    for (const [method, path] of fleetRoutes) {
      const res = await call(method, path, KEYS.otherAdmin, {
        kind: 'email',
        address: 'spy@other.test',
      });
      expect(res.status).toBe(404);
      expect(await errorOf(res)).toEqual({
        code: 'not_found',
        message: `No fleet ${FLEET} is visible to this key`,
      });
    }
    for (const path of [
      `/v1/notify-targets/${target.target_id}`,
      `/v1/notify-targets/${target.target_id}/test`,
    ]) {
      const method = path.endsWith('/test') ? 'POST' : 'DELETE';
      const res = await call(method, path, KEYS.otherAdmin);
      expect(res.status).toBe(404);
      expect(await errorOf(res)).toEqual({
        code: 'not_found',
        message: `No notification target ${target.target_id} is visible to this key`,
      });
    }
    expect(await errorOf(unknown)).toEqual({
      code: 'not_found',
      message: 'No notification target target_nope is visible to this key',
    });
    const list = await call('GET', `/v1/fleets/${FLEET}/notify-targets`, KEYS.admin);
    expect(await list.text()).toContain(target.target_id);
  });
});

describe('test notices and the delivery log', () => {
  it('sends a signed test notice, retries it, and logs it delivered', async () => {
    const hook = await receiver((n) => ({ status: n === 1 ? 503 : 200 }));
    const { target, secret } = await webhookTo(hook.url);
    const both = nextAttempts(server.app.notifier, 2);

    const res = await call(
      'POST',
      `/v1/notify-targets/${target.target_id}/test`,
      KEYS.admin,
    );
    const { delivery } = (await res.json()) as { delivery: Delivery };
    await both;

    expect(res.status).toBe(200);
    expect(delivery).toMatchObject({
      target_id: target.target_id,
      event: 'test',
      status: 'pending',
      attempts: 1,
      last_status: 503,
    });
    const logged = (await deliveries()).find(
      (d) => d.delivery_id === delivery.delivery_id,
    );
    expect(logged).toMatchObject({
      status: 'delivered',
      attempts: 2,
      body: { event: 'test', alert: null, rule: null, tier: 0 },
    });
    const got = await hook.request(2);
    const sentAt = Date.parse((JSON.parse(got.body) as { sent_at: string }).sent_at);
    expect(verifySignature(got, secret ?? '', sentAt / 1000)).toBe(
      Math.floor(sentAt / 1000),
    );
    expect(JSON.parse(got.body)).toMatchObject({ event: 'test', alert: null, tier: 0 });
  });

  it('fails an e-mail test at once when SMTP_URL is not set', async () => {
    const made = await call('POST', `/v1/fleets/${FLEET}/notify-targets`, KEYS.admin, {
      kind: 'email',
      address: 'night@fleet.test',
    });
    const { target } = (await made.json()) as Created;

    const res = await call(
      'POST',
      `/v1/notify-targets/${target.target_id}/test`,
      KEYS.admin,
    );

    expect(((await res.json()) as { delivery: Delivery }).delivery).toMatchObject({
      status: 'failed',
      attempts: 1,
      last_error: 'SMTP_URL is not set; e-mail cannot be sent',
      body: { subject: `[TEST] Fleetlight notifications for ${FLEET}` },
    });
  });

  it.each([['0'], ['501'], ['ten']])('refuses limit=%s', async (limit) => {
    const res = await call(
      'GET',
      `/v1/fleets/${FLEET}/deliveries?limit=${limit}`,
      KEYS.admin,
    );

    expect(res.status).toBe(400);
    expect(await errorOf(res)).toEqual({
      code: 'invalid_message',
      message: 'limit must be a whole number in [1, 500]',
    });
  });
});

describe('alerts from the desk', () => {
  it('reach a webhook when raised and when acknowledged', async () => {
    const hook = await receiver(() => ({ status: 200 }));
    await webhookTo(hook.url, DESK);
    const unsent = engineAlert(DESK, 'desk-car-1');
    unsent.payload.severity = 'high';

    const alert = await server.app.alerts.raise(unsent);
    if (!alert) throw new Error('the alert was not stored');
    const raised = await hook.request(1);
    const ack = await call(
      'POST',
      `/v1/alerts/${alert.alert_id}/acknowledge`,
      KEYS.admin,
    );
    const acked = await hook.request(2);

    expect(ack.status).toBe(200);
    expect(JSON.parse(raised.body)).toMatchObject({
      event: 'alert.raised',
      tier: 0,
      alert: { alert_id: alert.alert_id, status: 'active' },
      rule: { category: 'harsh_braking' },
    });
    expect(JSON.parse(acked.body)).toMatchObject({
      event: 'alert.acknowledged',
      alert: { alert_id: alert.alert_id, status: 'acknowledged' },
    });
  });
});
