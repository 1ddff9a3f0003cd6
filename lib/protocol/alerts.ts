import { z } from './zod';
import type { ErrorBody } from './errors';
import type { PlaceRef, Severity } from './events';

/**
 * The alert lifecycle shared by REST, Socket.IO and the stream: an alert
 * is raised `active`, an admin may acknowledge it, and an admin or the
 * engine (when the condition clears) resolves it. A resolved alert never
 * opens again; the next episode raises a new one. See docs/ALERTS.md.
 */
export const ALERT_STATUSES = ['active', 'acknowledged', 'resolved'] as const;
export type AlertStatus = (typeof ALERT_STATUSES)[number];

export type AlertAction = 'acknowledge' | 'resolve';

/** What an audit entry records: an admin's action, or `system` escalating. */
export type AuditAction = AlertAction | 'escalate';

/** The stream channel an alert belongs to. */
export type AlertChannel = 'alerts' | 'maintenance_alerts';

/** Who resolves an alert whose condition cleared by itself. */
export const SYSTEM_ACTOR = 'system';

/** Longest note an admin may attach to a transition. */
export const MAX_ALERT_NOTE_LENGTH = 500;
/** Longest client request id kept for idempotency. */
export const MAX_REQUEST_ID_LENGTH = 100;

/**
 * What the stream adds to the spec's alert payloads. Spec clients ignore
 * fields they do not know; every one is optional so the spec's own shape
 * stays valid.
 */
export interface AlertLifecycle {
  status?: AlertStatus;
  /** Episodes folded into this open alert, the first included. */
  occurrences?: number;
  /** Device time of the first and the latest episode. */
  raised_at?: string;
  last_seen_at?: string;
  acknowledged_by?: string;
  acknowledged_at?: string;
  resolved_by?: string;
  resolved_at?: string;
  /** 0 until the alert first escalates; tier N is notified at level N. */
  escalation_level?: number;
  escalated_at?: string;
  /** Server time the next escalation is due; absent when none is pending. */
  escalate_at?: string;
  /**
   * Server time the condition was seen to clear: the engine's cleared
   * message, or for an episodic category (harsh braking, speeding…) the
   * storing of its latest episode. Absent while the condition holds.
   */
  cleared_at?: string;
  /** Server time the rule's auto-resolve is due; absent when none is. */
  auto_resolve_at?: string;
}

/** One stored alert, as `GET /v1/fleets/{id}/alerts` answers it. */
export interface AlertRecord {
  alert_id: string;
  fleet_id: string;
  vehicle_id: string;
  driver_id?: string;
  trip_id?: string;
  channel: AlertChannel;
  category: string;
  /** The highest severity of its episodes. */
  severity: Severity;
  location?: PlaceRef;
  /** The latest episode's measurements. */
  event_data: Record<string, number | string>;
  recommended_actions: string[];
  status: AlertStatus;
  occurrences: number;
  raised_at: string;
  last_seen_at: string;
  acknowledged_by?: string;
  acknowledged_at?: string;
  acknowledged_note?: string;
  resolved_by?: string;
  resolved_at?: string;
  resolved_note?: string;
  /** True when the engine resolved it because the condition cleared. */
  auto_resolved: boolean;
  escalation_level: number;
  escalated_at?: string;
  escalate_at?: string;
  cleared_at?: string;
  auto_resolve_at?: string;
}

/** One line of a fleet's audit log (`GET /v1/fleets/{id}/audit`). */
export interface AuditEntry {
  id: number;
  alert_id: string;
  fleet_id: string;
  action: AuditAction;
  /** The API key id of the admin, or `system`. */
  actor: string;
  /** Server time, ISO 8601 UTC. */
  at: string;
  note?: string;
  request_id?: string;
  /** The level an `escalate` entry reached (1 to MAX_ESCALATION_LEVEL). */
  escalation_level?: number;
}

const note = z.string().max(MAX_ALERT_NOTE_LENGTH);
const requestId = z.string().min(1).max(MAX_REQUEST_ID_LENGTH);

/** Body of `POST /v1/alerts/{id}/acknowledge` and `…/resolve`; may be empty. */
export const alertActionBodySchema = z.strictObject({
  note: note.optional(),
  request_id: requestId.optional(),
});

/** Payload of the Socket.IO events `alert:ack` and `alert:resolve`. */
export const socketAlertActionSchema = z.strictObject({
  alertId: z.string().min(1).max(200),
  requestId,
  note: note.optional(),
});

export type SocketAlertAction = z.infer<typeof socketAlertActionSchema>;

/** The Bookovia `request` resources that act on an alert, and their action. */
export const ALERT_ACTION_RESOURCES = {
  acknowledge_alert: 'acknowledge',
  resolve_alert: 'resolve',
} as const satisfies Record<string, AlertAction>;

/**
 * `payload.data` of such a request. Without `request_id` the message's own
 * `id` is the idempotency key, so a client re-sending a message after a
 * reconnect changes nothing twice.
 */
export const requestAlertActionSchema = z.object({
  alert_id: z.string().min(1).max(200),
  note: note.optional(),
  request_id: requestId.optional(),
});

/** The acknowledgement callback's answer. */
export type AlertActionReply =
  { ok: true; alert: AlertRecord } | { ok: false; error: ErrorBody };
