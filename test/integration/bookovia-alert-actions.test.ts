import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AlertRecord, AuditEntry } from '../../lib/protocol';
import { storeApiKey } from '../../server/auth/api-keys';
import { engineAlert } from '../support/alerts';
import { startServer, type TestServer } from '../support/server';
import { TestSocket, type Received } from '../support/ws-client';

const FLEET = 'ann-arbor';
const OTHER = 'austin-metrorapid';

const KEYS = {
  admin: 'flk_bookovia-actions-admin-00000000',
  dispatcher: 'flk_bookovia-actions-dispatcher-000',
  viewer: 'flk_bookovia-actions-viewer-0000000',
  otherAdmin: 'flk_bookovia-actions-other-admin-00',
};

let server: TestServer;
const open: TestSocket[] = [];
let seq = 0;

beforeAll(async () => {
  server = await startServer();
  const db = server.app.db;
  await storeApiKey(db, KEYS.admin, { role: 'admin', label: 'a', fleets: [FLEET] });
  for (const role of ['dispatcher', 'viewer'] as const) {
    await storeApiKey(db, KEYS[role], { role, label: role, fleets: [FLEET] });
  }
  await storeApiKey(db, KEYS.otherAdmin, { role: 'admin', label: 'o', fleets: [OTHER] });
});

afterAll(async () => {
  for (const s of open) s.close();
  await server.close();
});

async function connect(key: string, path = `/v1/streaming/websocket?fleet_id=${FLEET}&`) {
  const ws = await TestSocket.open(`${server.wsBase}${path}api_key=${key}`);
  open.push(ws);
  await ws.next((m) => m.type === 'auth_success');
  return ws;
}

async function ask(
  ws: TestSocket,
  data: unknown,
  id = `act-${++seq}`,
): Promise<Received> {
  const from = ws.messages.length;
  ws.send({ type: 'request', id, payload: { data } });
  return ws.next((m) => m.payload['correlation_id'] === id, 10_000, from);
}

async function fresh(vehicleId: string, fleetId = FLEET): Promise<AlertRecord> {
  const stored = await server.app.alerts.raise(engineAlert(fleetId, vehicleId));
  if (!stored) throw new Error('the alert was not stored');
  return stored;
}

async function auditOf(alertId: string): Promise<AuditEntry[]> {
  const res = await fetch(`${server.base}/v1/fleets/${FLEET}/audit?limit=500`, {
    headers: { Authorization: `Bearer ${KEYS.admin}` },
  });
  const body = (await res.json()) as { entries: AuditEntry[] };
  return body.entries.filter((e) => e.alert_id === alertId);
}

/** A vehicle of the fleet that the replay has already placed. */
async function reportingVehicle(): Promise<string> {
  for (let i = 0; i < 200; i++) {
    const first = server.app.state.snapshot(FLEET)[0];
    if (first) return first.vehicleId;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`no vehicle of ${FLEET} reported`);
}

const code = (m: Received) => (m.type === 'error' ? m.payload.code : m.type);

describe('alert actions over a Bookovia request', () => {
  it('lets an admin acknowledge, then resolve, and broadcasts each change', async () => {
    const alert = await fresh('bk-act-1');
    const admin = await connect(KEYS.admin);
    const viewer = await connect(KEYS.viewer);
    viewer.send({ type: 'subscribe', payload: { channel: 'alerts' } });
    await viewer.next((m) => m.type === 'subscribed');

    const acked = await ask(admin, {
      resource: 'acknowledge_alert',
      alert_id: alert.alert_id,
      note: 'driver called',
    });
    expect(acked.type).toBe('response');
    expect(acked.payload['request']).toBe('acknowledge_alert');
    const record = acked.payload['data'] as AlertRecord;
    expect(record.status).toBe('acknowledged');
    expect(record.acknowledged_note).toBe('driver called');
    await viewer.next(
      (m) =>
        m.channel === 'alerts' &&
        m.payload['alert_id'] === alert.alert_id &&
        m.payload['status'] === 'acknowledged',
    );

    const resolved = await ask(admin, {
      resource: 'resolve_alert',
      alert_id: alert.alert_id,
    });
    expect((resolved.payload['data'] as AlertRecord).status).toBe('resolved');
    expect((await auditOf(alert.alert_id)).map((e) => e.action)).toEqual([
      'resolve',
      'acknowledge',
    ]);
  });

  it('refuses dispatchers and viewers and changes nothing', async () => {
    const alert = await fresh('bk-act-2');
    for (const key of [KEYS.dispatcher, KEYS.viewer]) {
      const ws = await connect(key);
      for (const resource of ['acknowledge_alert', 'resolve_alert']) {
        const answer = await ask(ws, { resource, alert_id: alert.alert_id });
        expect(code(answer)).toBe('role_forbidden');
      }
    }
    expect(await auditOf(alert.alert_id)).toEqual([]);
  });

  it('answers a second acknowledgement with alert_conflict', async () => {
    const alert = await fresh('bk-act-3');
    const admin = await connect(KEYS.admin);
    const data = { resource: 'acknowledge_alert', alert_id: alert.alert_id };
    expect(code(await ask(admin, data))).toBe('response');
    const again = await ask(admin, data);
    expect(code(again)).toBe('alert_conflict');
    expect(again.payload['message']).toMatch(/already acknowledged/);
  });

  it('treats a re-sent message id as the same request (C12)', async () => {
    const alert = await fresh('bk-act-4');
    const admin = await connect(KEYS.admin);
    const data = { resource: 'acknowledge_alert', alert_id: alert.alert_id };
    const first = await ask(admin, data, 'resent-1');
    const second = await ask(admin, data, 'resent-1');
    expect(code(first)).toBe('response');
    expect(code(second)).toBe('response');
    expect(second.payload['data']).toEqual(first.payload['data']);
    expect(await auditOf(alert.alert_id)).toHaveLength(1);
  });

  it('answers another fleet’s alert exactly like an unknown one', async () => {
    const theirs = await fresh('bk-act-5', OTHER);
    const admin = await connect(KEYS.admin);
    const data = (alert_id: string) => ({ resource: 'acknowledge_alert', alert_id });
    const foreign = await ask(admin, data(theirs.alert_id));
    const unknown = await ask(admin, data('alert_no-such-alert'));
    expect(code(foreign)).toBe('not_found');
    expect(code(unknown)).toBe('not_found');
  });

  it('asks for an alert id, and for a fleet-wide endpoint', async () => {
    const admin = await connect(KEYS.admin);
    const missing = await ask(admin, { resource: 'resolve_alert' });
    expect(code(missing)).toBe('invalid_message');
    expect(missing.payload['message']).toMatch(/alert_id/);

    const vehicleId = await reportingVehicle();
    const alert = await fresh(vehicleId);
    const path = `/v1/streaming/websocket/vehicle/${vehicleId}?`;
    const onVehicle = await connect(KEYS.admin, path);
    const answer = await ask(onVehicle, {
      resource: 'resolve_alert',
      alert_id: alert.alert_id,
    });
    expect(code(answer)).toBe('invalid_message');
    expect(answer.payload['message']).toMatch(/fleet or multi-fleet endpoint/);
  });
});
