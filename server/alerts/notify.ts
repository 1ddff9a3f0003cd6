import type { AlertRecord, AlertRule } from '../../lib/protocol';

/** What happened to an alert that people outside the dashboard hear of. */
export type NoticeKind = 'raised' | 'escalated' | 'acknowledged' | 'resolved';

export interface AlertNotice {
  kind: NoticeKind;
  alert: AlertRecord;
  /** The fleet's rule for the alert's category when it happened. */
  rule: AlertRule;
  /** Who is told: 0 on raising, N after the Nth escalation. */
  tier: number;
  /** The fleet's IANA time zone, for times in the text people read. */
  timeZone: string;
}

/**
 * Hands notices to the outside world (webhooks, e-mail). `notify` returns
 * once the notice is safely queued; delivery, retries and the delivery log
 * are the notifier's own and never block or fail the alert that caused it.
 */
export interface Notifier {
  notify(notice: AlertNotice): Promise<void>;
  close(): Promise<void>;
}

/** Tells nobody; for a server with no notification targets at all. */
export const silentNotifier: Notifier = {
  async notify() {},
  async close() {},
};
