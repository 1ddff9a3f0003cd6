import type { Selectable } from 'kysely';
import type { AlertRecord, AuditEntry, PlaceRef, Severity } from '../../lib/protocol';
import type { AlertAuditTable, AlertTable } from './schema';

export type AlertRow = Selectable<AlertTable>;

const RANK: Record<Severity, number> = { low: 0, medium: 1, high: 2, critical: 3 };

/** The graver of two severities. */
export function peakSeverity(a: Severity, b: Severity): Severity {
  return RANK[b] > RANK[a] ? b : a;
}

/** True when `s` is `floor` or graver. */
export function atLeast(s: Severity, floor: Severity): boolean {
  return RANK[s] >= RANK[floor];
}

/** A stored row in the shape REST answers; null columns are left out. */
export function toRecord(row: AlertRow): AlertRecord {
  return {
    alert_id: row.id,
    fleet_id: row.fleet_id,
    vehicle_id: row.vehicle_id,
    ...(row.driver_id !== null && { driver_id: row.driver_id }),
    ...(row.trip_id !== null && { trip_id: row.trip_id }),
    channel: row.channel,
    category: row.category,
    severity: row.severity,
    ...(row.location !== null && { location: parse<PlaceRef>(row.location) }),
    event_data: parse<AlertRecord['event_data']>(row.event_data),
    recommended_actions: parse<string[]>(row.recommended_actions),
    status: row.status,
    occurrences: row.occurrences,
    raised_at: row.raised_at,
    last_seen_at: row.last_seen_at,
    ...(row.acknowledged_by !== null && { acknowledged_by: row.acknowledged_by }),
    ...(row.acknowledged_at !== null && { acknowledged_at: row.acknowledged_at }),
    ...(row.acknowledged_note !== null && {
      acknowledged_note: row.acknowledged_note,
    }),
    ...(row.resolved_by !== null && { resolved_by: row.resolved_by }),
    ...(row.resolved_at !== null && { resolved_at: row.resolved_at }),
    ...(row.resolved_note !== null && { resolved_note: row.resolved_note }),
    auto_resolved: row.auto_resolved === 1,
    escalation_level: row.escalation_level,
    ...(row.escalated_at !== null && { escalated_at: row.escalated_at }),
    ...(row.escalate_at !== null && { escalate_at: row.escalate_at }),
    ...(row.cleared_at !== null && { cleared_at: row.cleared_at }),
    ...(row.auto_resolve_at !== null && { auto_resolve_at: row.auto_resolve_at }),
  };
}

export function toAuditEntry(row: Selectable<AlertAuditTable>): AuditEntry {
  return {
    id: row.id,
    alert_id: row.alert_id,
    fleet_id: row.fleet_id,
    action: row.action,
    actor: row.actor,
    at: row.at,
    ...(row.note !== null && { note: row.note }),
    ...(row.request_id !== null && { request_id: row.request_id }),
    ...(row.escalation_level !== null && { escalation_level: row.escalation_level }),
  };
}

/** JSON columns are written only by this module; the cast trusts that. */
function parse<T>(text: string): T {
  return JSON.parse(text) as T;
}
