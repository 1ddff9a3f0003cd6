import { MAX_ESCALATION_LEVEL, type AlertRule, type Severity } from '../../lib/protocol';
import { atLeast } from '../db/alert-rows';

/**
 * When an alert escalates and when it resolves by itself, from its rule.
 * Every time here is server time, epoch ms or ISO 8601 UTC: a device
 * clock (an alert's `raised_at`) never decides when someone is paged.
 */

/**
 * Categories whose condition lasts until the engine reports it over with
 * an `auto_resolved: true` message: back on route, reporting again,
 * cooled down. Every other category is episodic: each episode is over
 * once reported, so the alert counts as cleared from its latest episode.
 */
export const ENGINE_CLEARED: ReadonlySet<string> = new Set([
  'route_deviation',
  'device_offline',
  'engine_overheating',
]);

export function isEpisodic(category: string): boolean {
  return !ENGINE_CLEARED.has(category);
}

/**
 * True when the rule tells people of an alert this grave: on raising, on
 * each escalation, on its acknowledgement and on its resolution.
 */
export function notifies(rule: AlertRule, severity: Severity): boolean {
  return atLeast(severity, rule.severity);
}

/**
 * When an active alert at `level` next escalates, counting the rule's
 * delay from `from`; null when the rule has no delay, the alert is below
 * the rule's severity or already at the last level.
 */
export function escalateAt(
  rule: AlertRule,
  severity: Severity,
  level: number,
  from: number,
): string | null {
  if (rule.escalation_delay_s <= 0) return null;
  if (!notifies(rule, severity)) return null;
  if (level >= MAX_ESCALATION_LEVEL) return null;
  return iso(from + rule.escalation_delay_s * 1000);
}

/** When an alert cleared at `clearedAt` resolves by itself; null if never. */
export function autoResolveAt(rule: AlertRule, clearedAt: string | null): string | null {
  if (!rule.auto_resolve || clearedAt === null) return null;
  return iso(Date.parse(clearedAt) + rule.auto_resolve_after_s * 1000);
}

/** The planned times of an open alert. */
export interface Plan {
  escalate_at: string | null;
  auto_resolve_at: string | null;
}

/** What `replan` needs of a stored alert. */
export interface PlannedAlert {
  status: 'active' | 'acknowledged' | 'resolved';
  severity: Severity;
  escalation_level: number;
  escalated_at: string | null;
  opened_at: string | null;
  cleared_at: string | null;
}

/**
 * An open alert's plan under a (changed) rule: the next escalation counts
 * from its last escalation or its raising, the auto-resolve from when it
 * cleared. A time past is due at once, which still escalates one level
 * only. A start in the future (a clock that went back) counts from now,
 * so nothing waits longer than the rule's delay. Alerts stored before
 * escalation existed count from now.
 */
export function replan(a: PlannedAlert, rule: AlertRule, now: number): Plan {
  if (a.status === 'resolved') return { escalate_at: null, auto_resolve_at: null };
  const since = a.escalated_at ?? a.opened_at;
  const from = since === null ? now : Math.min(Date.parse(since), now);
  const cleared =
    a.cleared_at === null ? null : iso(Math.min(Date.parse(a.cleared_at), now));
  return {
    escalate_at:
      a.status === 'active'
        ? escalateAt(rule, a.severity, a.escalation_level, from)
        : null,
    auto_resolve_at: autoResolveAt(rule, cleared),
  };
}

export function iso(ms: number): string {
  return new Date(ms).toISOString();
}
