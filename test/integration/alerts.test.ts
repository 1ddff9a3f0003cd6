import { io, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AlertRecord, AuditEntry, SafetyAlert } from '../../lib/protocol';
import { storeApiKey } from '../../server/auth/api-keys';
import { engineAlert } from '../support/alerts';
import { keyOf, startServer, type TestServer } from '../support/server';

const FLEET = 'ann-arbor';
const OTHER = 'austin-metrorapid';
const ROUNDS = 100;

const KEYS = {
  admin1: 'flk_alerts-test-admin-one-0000000000',
  admin2: 'flk_alerts-test-admin-two-0000000000',
  dispatcher: 'flk_alerts-test-dispatcher-00000000',
  viewer: 'flk_alerts-test-viewer-000000000000',
};

let server: TestServer;
const ids: Record<string, string> = {};
const sockets: Socket[] = [];
/** Every alert message the viewer's socket received. */
const seen: SafetyAlert[] = [];

beforeAll(async () => {
  server = await startServer();
  for (const [name, key] of Object.entries(KEYS)) {
    const role = name.startsWith('admin') ? 'admin' : (name as 'viewer' | 'dispatcher');
    ids[name] = await storeApiKey(server.app.db, key, {
      role,
      label: name,
      fleets: [FLEET],
    });
  }
  const viewer = await connect(KEYS.viewer);
  viewer.on('alerts', (m) => seen.push(m));
});

afterAll(async () => {
  for (const s of sockets) s.disconnect();
  await server.close();
});

async function connect(apiKey: string): Promise<Socket> {
  const socket = io(server.base, {
    auth: { apiKey, fleetId: FLEET },
    transports: ['websocket'],
    reconnection: false,
    forceNew: true,
  });
  sockets.push(socket);
  await new Promise((r) => socket.once('snapshot', r));
  return socket;
}

async function fresh(vehicleId: string): Promise<AlertRecord> {
  const stored = await server.app.alerts.raise(engineAlert(FLEET, vehicleId));
  if (!stored) throw new Error('the alert was not stored');
  return stored;
}

function post(path: string, key: string, body?: unknown) {
  return fetch(server.base + path, {
    method: 'POST',
    headers: { Authorization: `Bearer ${key}`, 'Content-Type': 'application/json' },
    ...(body !== undefined && { body: JSON.stringify(body) }),
  });
}

function get(path: string, key: string) {
  return fetch(server.base + path, { headers: { Authorization: `Bearer ${key}` } });
}

async function auditOf(alertId: string): Promise<AuditEntry[]> {
  const res = await get(`/v1/fleets/${FLEET}/audit?limit=500`, KEYS.admin1);
  const body = (await res.json()) as { entries: AuditEntry[] };
  return body.entries.filter((e) => e.alert_id === alertId);
}

function broadcasts(alertId: string, status: string): SafetyAlert[] {
  return seen.filter(
    (m) => m.payload.alert_id === alertId && m.payload.status === status,
  );
}

const settle = () => new Promise((r) => setTimeout(r, 300));

describe('two admins resolving the same alert (C24)', () => {
  it('lets exactly one win each time, with one broadcast and one audit entry', async () => {
    const alerts: AlertRecord[] = [];
    for (let i = 0; i < ROUNDS; i++) {
      const alert = await fresh(`c24-car-${i}`);
      alerts.push(alert);
      const path = `/v1/alerts/${alert.alert_id}/resolve`;

      const [one, two] = await Promise.all([
        post(path, KEYS.admin1),
        post(path, KEYS.admin2),
      ]);

      expect([one.status, two.status].sort()).toEqual([200, 409]);
      const [won, lost] = one.status === 200 ? [one, two] : [two, one];
      const winner = one.status === 200 ? ids['admin1'] : ids['admin2'];
      expect(((await won.json()) as { alert: AlertRecord }).alert).toMatchObject({
        status: 'resolved',
        resolved_by: winner,
      });
      expect(await lost.json()).toEqual({
        error: {
          code: 'alert_conflict',
          message: `Alert ${alert.alert_id} is already resolved`,
        },
      });
    }
    await settle();

    const rows = await server.app.db
      .selectFrom('alert_audit')
      .select(['alert_id'])
      .where('action', '=', 'resolve')
      .execute();
    for (const a of alerts) {
      expect(broadcasts(a.alert_id, 'resolved')).toHaveLength(1);
      expect(rows.filter((r) => r.alert_id === a.alert_id)).toHaveLength(1);
    }
  });
});

describe('acknowledging over REST', () => {
  it('answers a repeated request_id with the first answer and changes nothing (C12)', async () => {
    const alert = await fresh('c12-rest-car');
    const path = `/v1/alerts/${alert.alert_id}/acknowledge`;
    const body = { request_id: 'r-1', note: 'calling the driver' };

    const first = await post(path, KEYS.admin1, body);
    const again = await post(path, KEYS.admin1, body);
    const other = await post(path, KEYS.admin1, { request_id: 'r-2' });
    await settle();

    expect(first.status).toBe(200);
    expect(again.status).toBe(200);
    expect(await again.json()).toEqual(await first.json());
    expect(other.status).toBe(409);
    expect(((await other.json()) as { error: unknown }).error).toEqual({
      code: 'alert_conflict',
      message: `Alert ${alert.alert_id} is already acknowledged`,
    });
    expect(await auditOf(alert.alert_id)).toHaveLength(1);
    expect(broadcasts(alert.alert_id, 'acknowledged')).toHaveLength(1);
  });

  it('never reopens a resolved alert', async () => {
    const alert = await fresh('reopen-car');
    await post(`/v1/alerts/${alert.alert_id}/resolve`, KEYS.admin1);

    const res = await post(`/v1/alerts/${alert.alert_id}/acknowledge`, KEYS.admin2);

    expect(res.status).toBe(409);
    const list = await get(`/v1/fleets/${FLEET}/alerts?status=resolved`, KEYS.viewer);
    const { alerts } = (await list.json()) as { alerts: AlertRecord[] };
    expect(alerts.find((a) => a.alert_id === alert.alert_id)?.status).toBe('resolved');
  });

  it('refuses a body with an unknown field', async () => {
    const alert = await fresh('body-car');

    const res = await post(`/v1/alerts/${alert.alert_id}/acknowledge`, KEYS.admin1, {
      requestId: 'r-1',
    });

    expect(res.status).toBe(400);
  });
});

describe('roles over REST', () => {
  it.each([['viewer'], ['dispatcher']] as const)(
    'refuses a %s acknowledging or resolving with role_forbidden',
    async (role) => {
      const alert = await fresh(`role-car-${role}`);

      for (const action of ['acknowledge', 'resolve']) {
        const res = await post(`/v1/alerts/${alert.alert_id}/${action}`, KEYS[role]);
        expect(res.status).toBe(403);
        expect(await res.json()).toEqual({
          error: { code: 'role_forbidden', message: `The ${role} role may not do this` },
        });
      }
    },
  );

  it.each([['viewer'], ['dispatcher'], ['admin1']] as const)(
    'lets a %s read the open alerts',
    async (who) => {
      const alert = await fresh(`read-car-${who}`);

      const res = await get(
        `/v1/fleets/${FLEET}/alerts?status=open&limit=500`,
        KEYS[who],
      );

      expect(res.status).toBe(200);
      const { alerts } = (await res.json()) as { alerts: AlertRecord[] };
      expect(alerts.map((a) => a.alert_id)).toContain(alert.alert_id);
      expect(alerts.every((a) => a.status !== 'resolved')).toBe(true);
    },
  );

  it('lets only admins read the audit log', async () => {
    const viewer = await get(`/v1/fleets/${FLEET}/audit`, KEYS.viewer);
    const admin = await get(`/v1/fleets/${FLEET}/audit`, KEYS.admin1);

    expect(viewer.status).toBe(403);
    expect(admin.status).toBe(200);
  });

  it('answers an alert of another fleet exactly like an unknown one', async () => {
    const alert = await fresh('fenced-car');
    const outsider = keyOf(server, OTHER);

    const theirs = await post(`/v1/alerts/${alert.alert_id}/resolve`, outsider);
    const unknown = await post('/v1/alerts/alert_nope/resolve', outsider);

    expect(theirs.status).toBe(404);
    expect(unknown.status).toBe(404);
    expect(((await theirs.json()) as { error: { code: string } }).error.code).toBe(
      'not_found',
    );
  });

  it('refuses a bad status filter naming the accepted values', async () => {
    const res = await get(`/v1/fleets/${FLEET}/alerts?status=closed`, KEYS.viewer);

    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({
      error: {
        code: 'invalid_message',
        message: 'status must be one of active, acknowledged, resolved, open',
      },
    });
  });
});

describe('acting over Socket.IO', () => {
  it('applies one acknowledgement however often it is re-sent (C12)', async () => {
    const admin = await connect(KEYS.admin1);
    const alert = await fresh('c12-socket-car');
    const ack = { alertId: alert.alert_id, requestId: 'r-1' };

    const replies = await Promise.all([
      admin.emitWithAck('alert:ack', ack),
      admin.emitWithAck('alert:ack', ack),
      admin.emitWithAck('alert:ack', ack),
    ]);
    const later = await admin.emitWithAck('alert:ack', { ...ack, requestId: 'r-2' });
    await settle();

    for (const r of replies) {
      expect(r).toMatchObject({ ok: true, alert: { status: 'acknowledged' } });
    }
    expect(later).toEqual({
      ok: false,
      error: {
        code: 'alert_conflict',
        message: `Alert ${alert.alert_id} is already acknowledged`,
      },
    });
    expect(await auditOf(alert.alert_id)).toHaveLength(1);
    expect(broadcasts(alert.alert_id, 'acknowledged')).toHaveLength(1);
  });

  it('lets an admin resolve and broadcasts who did', async () => {
    const admin = await connect(KEYS.admin2);
    const alert = await fresh('socket-resolve-car');

    const reply = await admin.emitWithAck('alert:resolve', {
      alertId: alert.alert_id,
      requestId: 'r-resolve',
      note: 'driver briefed',
    });
    await settle();

    expect(reply).toMatchObject({
      ok: true,
      alert: { status: 'resolved', resolved_note: 'driver briefed' },
    });
    expect(broadcasts(alert.alert_id, 'resolved')[0]?.payload).toMatchObject({
      resolved_by: ids['admin2'],
    });
  });

  it.each([['viewer'], ['dispatcher']] as const)(
    'refuses a %s with role_forbidden',
    async (role) => {
      const socket = await connect(KEYS[role]);
      const alert = await fresh(`socket-role-car-${role}`);

      const reply = await socket.emitWithAck('alert:resolve', {
        alertId: alert.alert_id,
        requestId: 'r-1',
      });

      expect(reply).toEqual({
        ok: false,
        error: { code: 'role_forbidden', message: `The ${role} role may not do this` },
      });
    },
  );

  it('refuses a payload without a request id', async () => {
    const admin = await connect(KEYS.admin1);

    const reply = await admin.emitWithAck('alert:ack', { alertId: 'x' });

    expect(reply).toMatchObject({ ok: false, error: { code: 'invalid_message' } });
  });
});

describe('alerts from the engine', () => {
  it('folds a repeated episode into the open alert', async () => {
    const first = await fresh('flapping-car');
    const again = await fresh('flapping-car');

    expect(again.alert_id).toBe(first.alert_id);
    expect(again.occurrences).toBe(2);
  });

  it('resolves the open alert as system when the condition clears', async () => {
    // device_offline's rule resolves at once; see alert-escalation.test.ts
    // for the categories that wait.
    const offline = { category: 'device_offline' };
    const open = await server.app.alerts.raise(engineAlert(FLEET, 'silent-car', offline));
    if (!open) throw new Error('the alert was not stored');

    const closed = await server.app.alerts.raise(
      engineAlert(FLEET, 'silent-car', { ...offline, resolved: true }),
    );
    await settle();

    expect(closed).toMatchObject({
      alert_id: open.alert_id,
      status: 'resolved',
      resolved_by: 'system',
      auto_resolved: true,
    });
    const sent = broadcasts(open.alert_id, 'resolved');
    expect(sent.map((m) => m.payload.auto_resolved)).toEqual([true]);
  });
});
