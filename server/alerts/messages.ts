import type {
  AlertRecord,
  MaintenanceAlert,
  MaintenanceAlertPayload,
  SafetyAlert,
  SafetyAlertPayload,
} from '../../lib/protocol';

/** An alert message before the hub gives it its id and sequence number. */
export type UnsentAlert =
  Omit<SafetyAlert, 'id' | 'seq'> | Omit<MaintenanceAlert, 'id' | 'seq'>;

/**
 * The engine's message carrying the stored alert's id and state; an
 * auto-resolving message keeps its own measurements (why it cleared).
 */
export function withRecord(unsent: UnsentAlert, r: AlertRecord): UnsentAlert {
  const message = toMessage(r, unsent.timestamp);
  // Cleared but open (the rule waits, or leaves it to a human): the
  // stored state, not a resolution.
  if (!unsent.payload.auto_resolved || r.status !== 'resolved') return message;
  const payload = {
    ...message.payload,
    event_data: unsent.payload.event_data,
    auto_resolved: true,
  };
  return { ...message, payload } as UnsentAlert;
}

/**
 * A stored alert as its channel's message, with its lifecycle fields,
 * stamped `timestamp` (by default its latest change an admin made, or
 * its latest episode).
 */
export function toMessage(
  r: AlertRecord,
  timestamp = r.resolved_at ?? r.acknowledged_at ?? r.last_seen_at,
): UnsentAlert {
  const common = {
    alert_id: r.alert_id,
    severity: r.severity,
    category: r.category,
    vehicle_id: r.vehicle_id,
    fleet_id: r.fleet_id,
    event_data: r.event_data,
    recommended_actions: r.recommended_actions,
    auto_resolved: r.auto_resolved,
    status: r.status,
    occurrences: r.occurrences,
    raised_at: r.raised_at,
    last_seen_at: r.last_seen_at,
    ...(r.acknowledged_by !== undefined && { acknowledged_by: r.acknowledged_by }),
    ...(r.acknowledged_at !== undefined && { acknowledged_at: r.acknowledged_at }),
    ...(r.resolved_by !== undefined && { resolved_by: r.resolved_by }),
    ...(r.resolved_at !== undefined && { resolved_at: r.resolved_at }),
    escalation_level: r.escalation_level,
    ...(r.escalated_at !== undefined && { escalated_at: r.escalated_at }),
    ...(r.escalate_at !== undefined && { escalate_at: r.escalate_at }),
    ...(r.cleared_at !== undefined && { cleared_at: r.cleared_at }),
    ...(r.auto_resolve_at !== undefined && { auto_resolve_at: r.auto_resolve_at }),
  };
  if (r.channel === 'maintenance_alerts') {
    const payload: MaintenanceAlertPayload = {
      ...common,
      ...(r.location !== undefined && { location: r.location }),
    };
    return { type: 'maintenance_alert', timestamp, channel: r.channel, payload };
  }
  const payload: SafetyAlertPayload = {
    ...common,
    ...(r.driver_id !== undefined && { driver_id: r.driver_id }),
    ...(r.trip_id !== undefined && { trip_id: r.trip_id }),
    // Safety alerts are always stored with the place the engine gave them.
    location: r.location ?? { latitude: 0, longitude: 0 },
  };
  return { type: 'safety_alert', timestamp, channel: 'alerts', payload };
}
