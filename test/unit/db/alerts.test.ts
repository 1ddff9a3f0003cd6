import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  transitionAlert,
  type TransitionRequest,
} from '../../../server/db/alert-transitions';
import {
  clearAlert,
  listAlerts,
  listAudit,
  raiseAlert,
  type NewAlert,
} from '../../../server/db/alerts';
import { openDatabase, type Db } from '../../../server/db/open';

const FLEET = 'fleet-1';
const FLEETS = new Set([FLEET]);

let dir: string;
let db: Db;

beforeEach(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fleetlight-alerts-'));
  db = await openDatabase({ dataDir: dir });
});

afterEach(async () => {
  await db.destroy();
  fs.rmSync(dir, { recursive: true, force: true });
});

function episode(over: Partial<NewAlert> = {}): NewAlert {
  return {
    channel: 'alerts',
    fleetId: FLEET,
    vehicleId: 'car-1',
    category: 'harsh_braking',
    severity: 'medium',
    location: { latitude: 42.28, longitude: -83.74 },
    eventData: { peak_g: 0.42 },
    recommendedActions: ['Review the drive'],
    at: '2026-03-10T10:00:00.000Z',
    ...over,
  };
}

async function raise(over: Partial<NewAlert> = {}) {
  return (await raiseAlert(db, episode(over))).alert;
}

function act(id: string, over: Partial<TransitionRequest> = {}) {
  return transitionAlert(db, {
    alertId: id,
    action: 'acknowledge',
    actor: 'admin-1',
    fleets: FLEETS,
    ...over,
  });
}

describe('raiseAlert', () => {
  it('stores a new episode as an active alert', async () => {
    const a = await raise();

    expect(a).toMatchObject({
      fleet_id: FLEET,
      vehicle_id: 'car-1',
      status: 'active',
      occurrences: 1,
      auto_resolved: false,
    });
    expect(a.alert_id).toMatch(/^alert_/);
  });

  it('folds a repeated episode into the open alert of its vehicle and category', async () => {
    const first = await raise();
    const again = await raise({
      severity: 'high',
      eventData: { peak_g: 0.51 },
      at: '2026-03-10T10:05:00.000Z',
    });

    expect(again).toMatchObject({
      alert_id: first.alert_id,
      occurrences: 2,
      severity: 'high',
      event_data: { peak_g: 0.51 },
      raised_at: '2026-03-10T10:00:00.000Z',
      last_seen_at: '2026-03-10T10:05:00.000Z',
    });
    expect(await listAlerts(db, FLEET, { limit: 10 })).toHaveLength(1);
  });

  it('updates a lasting episode in place while it goes on, then clears it', async () => {
    const at = (min: number) => `2026-03-10T10:0${min}:00.000Z`;
    const speeding = { category: 'speeding', eventData: { duration: 10 } };
    const first = await raise({ ...speeding, at: at(0), ongoing: true });
    expect(first).toMatchObject({ occurrences: 1 });
    expect(first.cleared_at).toBeUndefined();

    const going = await raise({
      ...speeding,
      eventData: { duration: 70 },
      at: at(1),
      continuation: true,
      ongoing: true,
    });
    expect(going).toMatchObject({
      alert_id: first.alert_id,
      occurrences: 1,
      event_data: { duration: 70 },
    });
    expect(going.cleared_at).toBeUndefined();

    const ended = await raise({
      ...speeding,
      eventData: { duration: 95 },
      at: at(2),
      continuation: true,
    });
    expect(ended).toMatchObject({ alert_id: first.alert_id, occurrences: 1 });
    expect(ended.cleared_at).toBeDefined();

    const next = await raise({ ...speeding, at: at(5), ongoing: true });
    expect(next).toMatchObject({ alert_id: first.alert_id, occurrences: 2 });
    expect(next.cleared_at).toBeUndefined();
  });

  it('keeps the highest severity when a milder episode follows', async () => {
    await raise({ severity: 'critical' });

    const again = await raise({ severity: 'low' });

    expect(again.severity).toBe('critical');
  });

  it('opens a new alert once the previous one is resolved', async () => {
    const first = await raise();
    await act(first.alert_id, { action: 'resolve' });

    const next = await raise();

    expect(next.alert_id).not.toBe(first.alert_id);
    expect(next.status).toBe('active');
  });

  it('keeps other categories and vehicles apart', async () => {
    await raise();
    await raise({ category: 'speeding' });
    await raise({ vehicleId: 'car-2' });

    expect(await listAlerts(db, FLEET, { limit: 10, status: 'open' })).toHaveLength(3);
  });
});

describe('transitionAlert', () => {
  it('acknowledges an active alert and writes one audit entry', async () => {
    const a = await raise();

    const out = await act(a.alert_id, { note: 'calling the driver' });

    expect(out).toMatchObject({
      ok: true,
      changed: true,
      alert: {
        status: 'acknowledged',
        acknowledged_by: 'admin-1',
        acknowledged_note: 'calling the driver',
      },
    });
    expect(await listAudit(db, FLEET, 10)).toMatchObject([
      { alert_id: a.alert_id, action: 'acknowledge', actor: 'admin-1' },
    ]);
  });

  it('answers alert_conflict to a second acknowledgement', async () => {
    const a = await raise();
    await act(a.alert_id);

    const out = await act(a.alert_id, { actor: 'admin-2' });

    expect(out).toEqual({
      ok: false,
      code: 'alert_conflict',
      message: `Alert ${a.alert_id} is already acknowledged`,
    });
    expect(await listAudit(db, FLEET, 10)).toHaveLength(1);
  });

  it('never reopens a resolved alert by acknowledging it', async () => {
    const a = await raise();
    await act(a.alert_id, { action: 'resolve' });

    const out = await act(a.alert_id);

    expect(out).toMatchObject({
      ok: false,
      message: `Alert ${a.alert_id} is already resolved`,
    });
    const [stored] = await listAlerts(db, FLEET, { limit: 1 });
    expect(stored?.status).toBe('resolved');
  });

  it('lets exactly one of two simultaneous resolutions win', async () => {
    const a = await raise();

    const outs = await Promise.all([
      act(a.alert_id, { action: 'resolve', actor: 'admin-1' }),
      act(a.alert_id, { action: 'resolve', actor: 'admin-2' }),
    ]);

    expect(outs.map((o) => o.ok).sort()).toEqual([false, true]);
    expect(await listAudit(db, FLEET, 10)).toHaveLength(1);
  });

  it('replays the first answer to a repeated request id and changes nothing', async () => {
    const a = await raise();
    const first = await act(a.alert_id, { requestId: 'r-1' });

    const again = await act(a.alert_id, { requestId: 'r-1' });

    expect(first.ok && first.changed).toBe(true);
    expect(again).toEqual({ ...first, changed: false });
    expect(await listAudit(db, FLEET, 10)).toHaveLength(1);
  });

  it('refuses a request id reused for another action', async () => {
    const a = await raise();
    await act(a.alert_id, { requestId: 'r-1' });

    const out = await act(a.alert_id, { requestId: 'r-1', action: 'resolve' });

    expect(out).toMatchObject({ ok: false, code: 'invalid_message' });
  });

  it('answers not_found for an alert outside the fleets given', async () => {
    const a = await raise();

    const out = await act(a.alert_id, { fleets: new Set(['other']) });

    expect(out).toEqual({
      ok: false,
      code: 'not_found',
      message: `No alert ${a.alert_id} is visible to this key`,
    });
  });
});

describe('clearAlert', () => {
  it('resolves at once as system when the rule resolves with no wait', async () => {
    const a = await raise({ category: 'device_offline' });

    const r = await clearAlert(db, FLEET, 'car-1', 'device_offline');

    expect(r?.resolved).toBe(true);
    expect(r?.alert).toMatchObject({
      alert_id: a.alert_id,
      status: 'resolved',
      resolved_by: 'system',
      auto_resolved: true,
    });
    expect(await listAudit(db, FLEET, 10)).toMatchObject([{ actor: 'system' }]);
  });

  it('marks the alert cleared and plans the resolution after the rule window', async () => {
    await raise({ category: 'route_deviation' });
    const now = new Date('2026-03-10T10:10:00.000Z');

    const r = await clearAlert(db, FLEET, 'car-1', 'route_deviation', now);

    expect(r?.resolved).toBe(false);
    expect(r?.alert).toMatchObject({
      status: 'active',
      cleared_at: '2026-03-10T10:10:00.000Z',
      auto_resolve_at: '2026-03-10T10:12:00.000Z',
    });
    expect(await listAudit(db, FLEET, 10)).toEqual([]);
  });

  it('answers undefined when nothing is open', async () => {
    expect(await clearAlert(db, FLEET, 'car-1', 'device_offline')).toBeUndefined();
  });
});
