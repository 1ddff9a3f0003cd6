import { describe, expect, it } from 'vitest';
import { defaultRule } from '../../../lib/protocol';
import type { TargetRow } from '../../../server/db/notify-targets';
import { targetsFor } from '../../../server/notify/routing';
import { alertRecord, BERLIN, noticeOf } from '../../support/notices';

function target(id: string, over: Partial<TargetRow> = {}): TargetRow {
  return {
    id,
    fleet_id: BERLIN,
    kind: 'webhook',
    address: `https://hooks.example/${id}`,
    secret: 'f'.repeat(64),
    tier: 0,
    min_severity: 'low',
    enabled: 1,
    created_by: 'key-admin',
    created_at: '2026-03-10T10:00:00.000Z',
    ...over,
  };
}

const TARGETS = [
  target('hook-0'),
  target('hook-1', { tier: 1 }),
  target('hook-2', { tier: 2 }),
  target('mail-0', { kind: 'email', address: 'a@fleet.test', secret: null }),
  target('mail-1', { kind: 'email', address: 'b@fleet.test', secret: null, tier: 1 }),
];

const ids = (rows: TargetRow[]) => rows.map((t) => t.id);

describe('targetsFor', () => {
  it('sends a raised alert to tier 0, by webhook and e-mail', () => {
    expect(ids(targetsFor(noticeOf('raised'), TARGETS))).toEqual(['hook-0', 'mail-0']);
  });

  it('sends an escalation to its own tier only', () => {
    const alert = alertRecord({ escalation_level: 1 });

    expect(ids(targetsFor(noticeOf('escalated', alert, 1), TARGETS))).toEqual([
      'hook-1',
      'mail-1',
    ]);
  });

  it('tells every tier the alert reached how it ended, by webhook only', () => {
    const acked = alertRecord({ status: 'acknowledged', escalation_level: 1 });
    const resolved = alertRecord({ status: 'resolved', escalation_level: 0 });

    expect(ids(targetsFor(noticeOf('acknowledged', acked, 1), TARGETS))).toEqual([
      'hook-0',
      'hook-1',
    ]);
    expect(ids(targetsFor(noticeOf('resolved', resolved), TARGETS))).toEqual(['hook-0']);
  });

  it("skips a target whose min_severity is above the alert's", () => {
    const picky = [target('critical-only', { min_severity: 'critical' }), target('any')];

    expect(ids(targetsFor(noticeOf('raised'), picky))).toEqual(['any']);
  });

  it("sends nothing for an alert below its rule's severity", () => {
    const notice = { ...noticeOf('raised'), alert: alertRecord({ severity: 'medium' }) };

    expect(targetsFor(notice, TARGETS)).toEqual([]);
  });

  it('skips e-mail when the rule does not name the email channel', () => {
    const rule = {
      ...defaultRule(BERLIN, 'harsh_braking'),
      notify_channels: ['push' as const],
    };

    expect(ids(targetsFor({ ...noticeOf('raised'), rule }, TARGETS))).toEqual(['hook-0']);
  });

  it('skips a disabled target', () => {
    const off = [target('off', { enabled: 0 })];

    expect(targetsFor(noticeOf('raised'), off)).toEqual([]);
  });
});
