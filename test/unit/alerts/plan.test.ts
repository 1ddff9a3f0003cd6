import { describe, expect, it } from 'vitest';
import { defaultRule, type AlertRule } from '../../../lib/protocol';
import {
  autoResolveAt,
  escalateAt,
  isEpisodic,
  replan,
  type PlannedAlert,
} from '../../../server/alerts/plan';

const T0 = Date.parse('2026-03-10T10:00:00.000Z');

function rule(over: Partial<AlertRule> = {}): AlertRule {
  return { ...defaultRule('fleet-1', 'harsh_braking'), ...over };
}

function alert(over: Partial<PlannedAlert> = {}): PlannedAlert {
  return {
    status: 'active',
    severity: 'high',
    escalation_level: 0,
    escalated_at: null,
    opened_at: '2026-03-10T10:00:00.000Z',
    cleared_at: null,
    ...over,
  };
}

describe('escalateAt', () => {
  it('counts the rule delay from the time given', () => {
    expect(escalateAt(rule(), 'high', 0, T0)).toBe('2026-03-10T10:05:00.000Z');
  });

  it('plans nothing below the rule severity', () => {
    expect(escalateAt(rule(), 'medium', 0, T0)).toBeNull();
  });

  it('plans nothing with a delay of 0', () => {
    expect(escalateAt(rule({ escalation_delay_s: 0 }), 'critical', 0, T0)).toBeNull();
  });

  it('plans nothing at the last level', () => {
    expect(escalateAt(rule(), 'high', 3, T0)).toBeNull();
  });
});

describe('autoResolveAt', () => {
  it('adds the window to the time the condition cleared', () => {
    const r = rule({ auto_resolve: true, auto_resolve_after_s: 120 });

    expect(autoResolveAt(r, '2026-03-10T10:00:00.000Z')).toBe('2026-03-10T10:02:00.000Z');
  });

  it('plans nothing when the rule leaves resolving to people', () => {
    expect(autoResolveAt(rule(), '2026-03-10T10:00:00.000Z')).toBeNull();
  });
});

describe('replan', () => {
  it('counts a changed delay from the last escalation', () => {
    const a = alert({ escalation_level: 1, escalated_at: '2026-03-10T10:05:00.000Z' });

    const plan = replan(a, rule({ escalation_delay_s: 60 }), T0 + 5 * 60_000);

    expect(plan.escalate_at).toBe('2026-03-10T10:06:00.000Z');
  });

  it('counts from now when the stored start lies ahead of the clock', () => {
    const a = alert({ opened_at: '2026-03-10T11:00:00.000Z' });

    const plan = replan(a, rule(), T0);

    expect(plan.escalate_at).toBe('2026-03-10T10:05:00.000Z');
  });

  it('plans no escalation for an acknowledged alert', () => {
    expect(replan(alert({ status: 'acknowledged' }), rule(), T0).escalate_at).toBeNull();
  });

  it('plans the auto-resolve from when the alert cleared', () => {
    const a = alert({ cleared_at: '2026-03-10T10:01:00.000Z' });
    const r = rule({ auto_resolve: true, auto_resolve_after_s: 600 });

    expect(replan(a, r, T0 + 120_000).auto_resolve_at).toBe('2026-03-10T10:11:00.000Z');
  });
});

describe('isEpisodic', () => {
  it('tells episodic categories from conditions the engine reports over', () => {
    expect(isEpisodic('harsh_braking')).toBe(true);
    expect(isEpisodic('route_deviation')).toBe(false);
  });
});
