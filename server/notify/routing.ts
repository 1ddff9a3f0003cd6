import type { NotifyEvent, Severity } from '../../lib/protocol';
import type { AlertNotice, NoticeKind } from '../alerts/notify';
import type { TargetRow } from '../db/notify-targets';

const RANK: Record<Severity, number> = { low: 0, medium: 1, high: 2, critical: 3 };

export const EVENT_OF: Record<NoticeKind, NotifyEvent> = {
  raised: 'alert.raised',
  escalated: 'alert.escalated',
  acknowledged: 'alert.acknowledged',
  resolved: 'alert.resolved',
};

/**
 * The enabled targets a notice goes to (docs/ALERTS.md, Notifications):
 *
 * - never below the target's `min_severity`, nor below the rule's own
 *   severity, under which an alert pages nobody;
 * - tier 0 hears of raising; tier N of escalation to level N;
 * - each tier hears how an alert it heard of ends: acknowledged or
 *   resolved reaches tiers up to the level the alert had reached;
 * - e-mail carries only raised and escalated, and only when the rule
 *   names the `email` channel.
 */
export function targetsFor(
  notice: AlertNotice,
  targets: readonly TargetRow[],
): TargetRow[] {
  const { alert, rule, kind } = notice;
  if (RANK[alert.severity] < RANK[rule.severity]) return [];
  // A record from before escalation existed may carry no level.
  const level = alert.escalation_level ?? 0;
  const reached = Math.max(level, kind === 'escalated' ? notice.tier : 0);

  return targets.filter((t) => {
    if (t.enabled !== 1) return false;
    if (RANK[alert.severity] < RANK[t.min_severity]) return false;
    if (t.kind === 'email' && !emailWanted(notice)) return false;
    switch (kind) {
      case 'raised':
        return t.tier === 0;
      case 'escalated':
        return t.tier === notice.tier && notice.tier > 0;
      case 'acknowledged':
      case 'resolved':
        return t.tier <= reached;
    }
  });
}

function emailWanted(notice: AlertNotice): boolean {
  if (notice.kind !== 'raised' && notice.kind !== 'escalated') return false;
  return notice.rule.notify_channels.includes('email');
}
