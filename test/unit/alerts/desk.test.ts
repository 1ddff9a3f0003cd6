import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SafetyAlert, Severity, StreamMessage } from '../../../lib/protocol';
import { AlertDesk, type UnsentAlert } from '../../../server/alerts/desk';
import type { AlertNotice, Notifier } from '../../../server/alerts/notify';
import { registerFleets } from '../../../server/db/fleets';
import { openDatabase, type Db } from '../../../server/db/open';
import { createLogger } from '../../../server/log';
import { StreamHub } from '../../../server/stream/hub';
import { FakeClock } from '../../support/fake-clock';

const FLEET = 'fleet-1';
const ADMIN = { keyId: 'admin-1', fleets: new Set([FLEET]) };

let dir: string;
let db: Db;
let clock: FakeClock;
let desk: AlertDesk;
let notices: AlertNotice[];
let sent: StreamMessage[];

beforeEach(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fleetlight-desk-'));
  db = await openDatabase({ dataDir: dir });
  await registerFleets(db, [{ id: FLEET, name: 'One', timezone: 'Europe/Berlin' }], []);
  clock = new FakeClock(Date.parse('2026-03-10T10:00:00.000Z'));
  notices = [];
  sent = [];
  const hub = new StreamHub();
  hub.subscribe((p) => sent.push(p.message));
  desk = new AlertDesk(db, hub, createLogger('silent'), recording(notices), {
    clock,
  });
  await desk.start();
});

afterEach(async () => {
  await desk.close();
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

function recording(into: AlertNotice[]): Notifier {
  return {
    notify: async (n) => void into.push(n),
    close: async () => {},
  };
}

function episode(
  severity: Severity,
  opts: { category?: string; resolved?: boolean } = {},
): UnsentAlert {
  return {
    type: 'safety_alert',
    timestamp: iso(),
    channel: 'alerts',
    payload: {
      alert_id: 'alert_from-the-engine',
      severity,
      category: opts.category ?? 'harsh_braking',
      vehicle_id: 'car-1',
      fleet_id: FLEET,
      location: { latitude: 42.28, longitude: -83.74 },
      event_data: { peak_g: 0.5 },
      recommended_actions: [],
      auto_resolved: opts.resolved === true,
    },
  };
}

function kinds(): Array<[string, number]> {
  return notices.map((n) => [n.kind, n.tier]);
}

describe('notices', () => {
  it('announces a new alert at the rule severity once, with the fleet time zone', async () => {
    await desk.raise(episode('high'));
    await desk.raise(episode('high'));

    expect(kinds()).toEqual([['raised', 0]]);
    expect(notices[0]).toMatchObject({
      timeZone: 'Europe/Berlin',
      rule: { category: 'harsh_braking', severity: 'high' },
    });
  });

  it('announces an alert below the rule severity when a graver episode lifts it', async () => {
    const mild = await desk.raise(episode('medium'));
    const grave = await desk.raise(episode('critical'));

    expect(mild?.escalate_at).toBeUndefined();
    expect(grave?.escalate_at).toBe('2026-03-10T10:05:00.000Z');
    expect(kinds()).toEqual([['raised', 0]]);
  });

  it('tells the next tier on each escalation and broadcasts the new level', async () => {
    const a = await desk.raise(episode('high'));
    advance(300);

    await desk.scheduler.runDue();

    expect(kinds()).toEqual([
      ['raised', 0],
      ['escalated', 1],
    ]);
    const last = sent.at(-1) as SafetyAlert;
    expect(last.payload).toMatchObject({
      alert_id: a?.alert_id,
      escalation_level: 1,
      escalated_at: '2026-03-10T10:05:00.000Z',
      escalate_at: '2026-03-10T10:10:00.000Z',
    });
    expect(last.timestamp).toBe('2026-03-10T10:05:00.000Z');
  });

  it('tells the tier reached of the acknowledgement and the resolution', async () => {
    const a = await desk.raise(episode('high'));
    if (!a) throw new Error('not stored');
    advance(300);
    await desk.scheduler.runDue();

    await desk.act(ADMIN, a.alert_id, 'acknowledge');
    await desk.act(ADMIN, a.alert_id, 'resolve');

    expect(kinds().slice(2)).toEqual([
      ['acknowledged', 1],
      ['resolved', 1],
    ]);
  });

  it('tells nobody of an alert below the rule severity', async () => {
    const a = await desk.raise(episode('low'));
    if (!a) throw new Error('not stored');

    await desk.act(ADMIN, a.alert_id, 'resolve');

    expect(notices).toEqual([]);
  });

  it('stores and broadcasts the alert even when the notifier fails', async () => {
    const hub = new StreamHub();
    const failing: Notifier = {
      notify: () => Promise.reject(new Error('queue full')),
      close: async () => {},
    };
    const other = new AlertDesk(db, hub, createLogger('silent'), failing, {
      clock,
    });
    const seen: StreamMessage[] = [];
    hub.subscribe((p) => seen.push(p.message));

    const a = await other.raise(episode('high', { category: 'collision_risk' }));

    expect(a?.status).toBe('active');
    expect(seen).toHaveLength(1);
    await other.close();
  });
});

describe('a condition that cleared', () => {
  it('stays open for a human when the rule does not auto-resolve, and says so', async () => {
    await desk.updateRule(ADMIN, FLEET, 'route_deviation', { auto_resolve: false });
    const deviation = { category: 'route_deviation' };
    const a = await desk.raise(episode('medium', deviation));
    advance(30);

    const cleared = await desk.raise(episode('medium', { ...deviation, resolved: true }));
    advance(600);
    await desk.scheduler.runDue();

    expect(cleared).toMatchObject({
      alert_id: a?.alert_id,
      status: 'active',
      cleared_at: '2026-03-10T10:00:30.000Z',
    });
    const last = sent.at(-1) as SafetyAlert;
    expect(last.payload).toMatchObject({
      alert_id: a?.alert_id,
      status: 'active',
      auto_resolved: false,
      cleared_at: '2026-03-10T10:00:30.000Z',
    });
    expect(kinds()).toEqual([['raised', 0]]);
  });

  it('resolves at once with a window of 0 and tells who heard of it', async () => {
    await desk.raise(episode('medium', { category: 'device_offline' }));

    const r = await desk.raise(
      episode('medium', { category: 'device_offline', resolved: true }),
    );

    expect(r).toMatchObject({ status: 'resolved', resolved_by: 'system' });
    expect((sent.at(-1) as SafetyAlert).payload.auto_resolved).toBe(true);
    expect(kinds()).toEqual([
      ['raised', 0],
      ['resolved', 0],
    ]);
  });
});
