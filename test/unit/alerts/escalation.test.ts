import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AlertRecord, AlertRulePatch } from '../../../lib/protocol';
import { AlertScheduler, type SchedulerEvents } from '../../../server/alerts/escalation';
import { patchRule } from '../../../server/db/alert-rules';
import { transitionAlert } from '../../../server/db/alert-transitions';
import {
  clearAlert,
  getAlert,
  listAudit,
  raiseAlert,
  type NewAlert,
} from '../../../server/db/alerts';
import { openDatabase, type Db } from '../../../server/db/open';
import { FakeClock } from '../../support/fake-clock';

const FLEET = 'fleet-1';
const T0 = '2026-03-10T10:00:00.000Z';

let dir: string;
let db: Db;
let clock: FakeClock;
let schedulers: AlertScheduler[];
let failures: unknown[];

beforeEach(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fleetlight-escalation-'));
  db = await openDatabase({ dataDir: dir });
  clock = new FakeClock(Date.parse(T0));
  schedulers = [];
  failures = [];
});

afterEach(async () => {
  for (const s of schedulers) await s.close();
  expect(failures).toEqual([]);
  await db.destroy();
  fs.rmSync(dir, { recursive: true, force: true });
});
/** Moves the server clock on (or back) by whole seconds. */
function advance(seconds: number): void {
  clock.advance(seconds * 1000);
}

function iso(): string {
  return new Date(clock.now()).toISOString();
}

/** A scheduler on the test database and clock, recording what it does. */
function scheduler(maxSleepMs?: number) {
  const escalated: AlertRecord[] = [];
  const resolved: AlertRecord[] = [];
  const events: SchedulerEvents = {
    escalated: async (a) => void escalated.push(a),
    resolved: async (a) => void resolved.push(a),
    replanned: () => {},
  };
  const s = new AlertScheduler({
    db,
    events,
    clock,
    ...(maxSleepMs !== undefined && { maxSleepMs }),
    onError: (error) => failures.push(error),
  });
  schedulers.push(s);
  return { s, escalated, resolved };
}

/** A harsh braking at the rule's severity: escalates every 300 s. */
async function raise(over: Partial<NewAlert> = {}): Promise<AlertRecord> {
  const episode: NewAlert = {
    channel: 'alerts',
    fleetId: FLEET,
    vehicleId: 'car-1',
    category: 'harsh_braking',
    severity: 'high',
    eventData: { peak_g: 0.5 },
    recommendedActions: [],
    at: iso(),
    ...over,
  };
  return (await raiseAlert(db, episode, new Date(clock.now()))).alert;
}

async function level(id: string): Promise<number | undefined> {
  return (await getAlert(db, id))?.escalation_level;
}

function setRule(category: string, patch: AlertRulePatch) {
  const change = {
    fleetId: FLEET,
    category,
    actor: 'admin-1',
    now: new Date(clock.now()),
  };
  return patchRule(db, change, patch);
}

describe('escalation', () => {
  it('plans the first escalation a rule delay after raising, by the server clock', async () => {
    const a = await raise({ at: '2020-01-01T00:00:00.000Z' });

    expect(a.escalate_at).toBe('2026-03-10T10:05:00.000Z');
    expect(a.escalation_level).toBe(0);
  });

  it('plans nothing for an alert below the rule severity', async () => {
    const a = await raise({ severity: 'medium' });

    expect(a.escalate_at).toBeUndefined();
  });

  it('does not escalate before the escalation is due', async () => {
    const { s, escalated } = scheduler();
    const a = await raise();
    advance(299);

    await s.runDue();

    expect(escalated).toEqual([]);
    expect(await level(a.alert_id)).toBe(0);
  });

  it('escalates a due alert once and plans the next a full delay later', async () => {
    const { s, escalated } = scheduler();
    const a = await raise();
    advance(300);

    await s.runDue();
    await s.runDue();

    expect(escalated.map((e) => e.escalation_level)).toEqual([1]);
    expect(await getAlert(db, a.alert_id)).toMatchObject({
      escalation_level: 1,
      escalated_at: '2026-03-10T10:05:00.000Z',
      escalate_at: '2026-03-10T10:10:00.000Z',
    });
    expect(await listAudit(db, FLEET, 10)).toMatchObject([
      { alert_id: a.alert_id, action: 'escalate', actor: 'system', escalation_level: 1 },
    ]);
  });

  it('climbs one level per pass after a long gap, never the whole backlog', async () => {
    const { s } = scheduler();
    const a = await raise();
    advance(3600);

    await s.runDue();
    const first = await getAlert(db, a.alert_id);
    await s.runDue();

    expect(first).toMatchObject({
      escalation_level: 1,
      escalate_at: '2026-03-10T11:05:00.000Z',
    });
    expect(await level(a.alert_id)).toBe(1);
  });

  it('stops at the last level', async () => {
    const { s } = scheduler();
    const a = await raise();

    for (let i = 0; i < 5; i++) {
      advance(300);
      await s.runDue();
    }

    expect(await getAlert(db, a.alert_id)).toMatchObject({ escalation_level: 3 });
    expect((await getAlert(db, a.alert_id))?.escalate_at).toBeUndefined();
  });

  it('never escalates an acknowledged alert', async () => {
    const { s, escalated } = scheduler();
    const a = await raise();
    await transitionAlert(db, {
      alertId: a.alert_id,
      action: 'acknowledge',
      actor: 'admin-1',
      fleets: new Set([FLEET]),
    });
    advance(600);

    await s.runDue();

    expect(escalated).toEqual([]);
    expect((await getAlert(db, a.alert_id))?.escalate_at).toBeUndefined();
  });

  it('escalates each alert once when two schedulers race on one database', async () => {
    const one = scheduler();
    const two = scheduler();
    const alerts = [];
    for (let i = 0; i < 20; i++) alerts.push(await raise({ vehicleId: `car-${i}` }));
    advance(300);

    await Promise.all([one.s.runDue(), two.s.runDue()]);

    const ids = [...one.escalated, ...two.escalated].map((a) => a.alert_id);
    expect(ids.sort()).toEqual(alerts.map((a) => a.alert_id).sort());
    expect(await listAudit(db, FLEET, 100)).toHaveLength(20);
  });
});

describe('the clock', () => {
  it('pulls in an escalation planned further ahead than the rule delay', async () => {
    const { s } = scheduler();
    const a = await raise();
    advance(-3600);

    await s.runDue();

    expect((await getAlert(db, a.alert_id))?.escalate_at).toBe(
      '2026-03-10T09:05:00.000Z',
    );
  });

  it('arms the timer for the earliest planned time', async () => {
    const { s } = scheduler(3_600_000);
    await raise();
    await raise({ vehicleId: 'car-2', category: 'collision_risk', severity: 'critical' });

    await s.runDue();

    expect(s.armedFor).toBe(Date.parse('2026-03-10T10:02:00.000Z'));
  });

  it('wakes at least once a minute to notice a clock that jumped', async () => {
    const { s } = scheduler();
    await raise();

    await s.runDue();

    expect(s.armedFor).toBe(Date.parse('2026-03-10T10:01:00.000Z'));
  });
});

describe('rule changes', () => {
  it('re-plans a pending escalation from the raise', async () => {
    const a = await raise();
    advance(60);

    const { replanned } = await setRule('harsh_braking', { escalation_delay_s: 120 });

    expect(replanned.map((r) => r.escalate_at)).toEqual(['2026-03-10T10:02:00.000Z']);
    expect((await getAlert(db, a.alert_id))?.escalate_at).toBe(
      '2026-03-10T10:02:00.000Z',
    );
  });

  it('applies a new delay to alerts raised after the change', async () => {
    await setRule('harsh_braking', { escalation_delay_s: 30 });

    const a = await raise();

    expect(a.escalate_at).toBe('2026-03-10T10:00:30.000Z');
  });

  it('drops the escalation of alerts below a raised rule severity', async () => {
    const a = await raise();

    await setRule('harsh_braking', { severity: 'critical' });

    expect((await getAlert(db, a.alert_id))?.escalate_at).toBeUndefined();
  });
});

describe('auto-resolve', () => {
  it('resolves a cleared condition once it stayed clear for the window', async () => {
    const { s, resolved } = scheduler();
    const a = await raise({ category: 'route_deviation', severity: 'medium' });
    await clearAlert(db, FLEET, 'car-1', 'route_deviation', new Date(clock.now()));

    advance(119);
    await s.runDue();
    const waiting = await getAlert(db, a.alert_id);
    advance(1);
    await s.runDue();

    expect(waiting?.status).toBe('active');
    expect(resolved.map((r) => r.alert_id)).toEqual([a.alert_id]);
    expect(await getAlert(db, a.alert_id)).toMatchObject({
      status: 'resolved',
      resolved_by: 'system',
      auto_resolved: true,
    });
  });

  it('keeps the alert open when a new episode comes inside the window', async () => {
    const { s, resolved } = scheduler();
    const a = await raise({ category: 'route_deviation', severity: 'medium' });
    await clearAlert(db, FLEET, 'car-1', 'route_deviation', new Date(clock.now()));
    advance(60);

    const again = await raise({ category: 'route_deviation', severity: 'medium' });
    advance(600);
    await s.runDue();

    expect(again.cleared_at).toBeUndefined();
    expect(resolved).toEqual([]);
    expect((await getAlert(db, a.alert_id))?.status).toBe('active');
  });

  it('counts an episodic alert as cleared from its latest episode', async () => {
    const { s, resolved } = scheduler();
    const a = await raise({ category: 'idling', severity: 'medium' });
    advance(500);
    await raise({ category: 'idling', severity: 'medium' });

    advance(500);
    await s.runDue();
    const waiting = await getAlert(db, a.alert_id);
    advance(100);
    await s.runDue();

    expect(waiting?.status).toBe('active');
    expect(resolved.map((r) => r.alert_id)).toEqual([a.alert_id]);
  });

  it('leaves a cleared alert open when the rule does not auto-resolve', async () => {
    const { s, resolved } = scheduler();
    const a = await raise();
    const c = await clearAlert(
      db,
      FLEET,
      'car-1',
      'harsh_braking',
      new Date(clock.now()),
    );
    advance(86_400);

    await s.runDue();

    expect(c?.alert.cleared_at).toBe(T0);
    expect(resolved).toEqual([]);
    expect((await getAlert(db, a.alert_id))?.status).toBe('active');
  });
});

describe('housekeeping', () => {
  it('forgets request ids older than a day', async () => {
    const { s } = scheduler();
    const a = await raise();
    const old = new Date(clock.now() - 25 * 3_600_000);
    for (const [requestId, now] of [
      ['r-old', old],
      ['r-new', new Date(clock.now())],
    ] as const) {
      await transitionAlert(db, {
        alertId: a.alert_id,
        action: 'acknowledge',
        actor: 'admin-1',
        fleets: new Set([FLEET]),
        requestId,
        now,
      });
    }

    const report = await s.runDue();

    const kept = await db.selectFrom('alert_requests').select('request_id').execute();
    expect(report.pruned).toBe(1);
    expect(kept).toEqual([{ request_id: 'r-new' }]);
  });
});
