import { z } from './zod';
import type { AlertRecord } from './alerts';
import { MAX_ESCALATION_LEVEL, type AlertRule } from './alert-rules';
import type { Severity } from './events';

/**
 * Notifications outside the dashboard: per fleet, an admin names webhook
 * URLs and e-mail addresses ("targets"), each for one escalation tier.
 * Every notice sent is a row of the fleet's delivery log. See
 * docs/ALERTS.md, "Notifications".
 */

export const TARGET_KINDS = ['webhook', 'email'] as const;
export type TargetKind = (typeof TARGET_KINDS)[number];

/** What a webhook is told; e-mail carries only the first two. */
export const NOTIFY_EVENTS = [
  'alert.raised',
  'alert.escalated',
  'alert.acknowledged',
  'alert.resolved',
  'test',
] as const;
export type NotifyEvent = (typeof NOTIFY_EVENTS)[number];

export const DELIVERY_STATUSES = ['pending', 'delivered', 'failed'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

/** Most targets one fleet may have. */
export const MAX_TARGETS_PER_FLEET = 50;
/** Longest webhook URL accepted. */
export const MAX_WEBHOOK_URL_LENGTH = 2000;

/** One target, as REST lists it: the webhook secret is never shown again. */
export interface NotifyTarget {
  target_id: string;
  fleet_id: string;
  kind: TargetKind;
  /** The webhook URL or the e-mail address. */
  address: string;
  /** 0: told when an alert is raised; N: after its Nth escalation. */
  tier: number;
  /** Alerts below this severity are not sent here. */
  min_severity: Severity;
  enabled: boolean;
  /** The API key id of the admin who added it. */
  created_by: string;
  created_at: string;
}

/** One line of a fleet's delivery log (`GET /v1/fleets/{id}/deliveries`). */
export interface Delivery {
  delivery_id: string;
  target_id: string;
  fleet_id: string;
  /** Absent for a test notice. */
  alert_id?: string;
  event: NotifyEvent;
  status: DeliveryStatus;
  attempts: number;
  /** Server time of the next attempt while pending. */
  next_attempt_at?: string;
  /** Why the last attempt failed. */
  last_error?: string;
  /** HTTP status (webhook) or SMTP reply code (e-mail) of the last attempt. */
  last_status?: number;
  created_at: string;
  delivered_at?: string;
  /** What is sent: the webhook payload without `sent_at`, or the e-mail. */
  body: WebhookBody | EmailBody;
}

/** The JSON a webhook receives, less `sent_at`, set at each attempt. */
export interface WebhookBody {
  event: NotifyEvent;
  /** Null for a test notice. */
  alert: AlertRecord | null;
  rule: AlertRule | null;
  tier: number;
}

export interface WebhookPayload extends WebhookBody {
  /** Server time of this attempt, ISO 8601 UTC. */
  sent_at: string;
}

export interface EmailBody {
  subject: string;
  text: string;
}

const SEVERITY = z.enum(['low', 'medium', 'high', 'critical']);
const common = {
  tier: z.number().int().min(0).max(MAX_ESCALATION_LEVEL).optional(),
  min_severity: SEVERITY.optional(),
  enabled: z.boolean().optional(),
};

/**
 * `fetch` refuses a URL carrying a user name or password, so one is
 * refused here rather than failing at every delivery.
 */
const webhookUrl = z
  .url({ protocol: /^https?$/, error: 'must be an http:// or https:// URL' })
  .max(MAX_WEBHOOK_URL_LENGTH)
  .refine((u) => !/^[a-z]+:\/\/[^/]*@/i.test(u), 'must not carry a user or password');

/** Body of `POST /v1/fleets/{id}/notify-targets`. */
export const newTargetSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('webhook'), address: webhookUrl, ...common }),
  z.strictObject({
    kind: z.literal('email'),
    address: z.email({ error: 'must be an e-mail address' }).max(254),
    ...common,
  }),
]);

export type NewTarget = z.infer<typeof newTargetSchema>;
