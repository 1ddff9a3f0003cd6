import type {
  AlertAction,
  AlertRecord,
  MaintenanceAlert,
  MaintenanceAlertPayload,
  SafetyAlert,
  SafetyAlertPayload,
} from '../../lib/protocol';
import { transitionAlert, type TransitionOutcome } from '../db/alert-transitions';
import { autoResolveAlert, listAlerts, MAX_ALERT_LIST, raiseAlert } from '../db/alerts';
import type { Db } from '../db/open';
import type { Logger } from '../log';
import type { StreamHub } from '../stream/hub';

export type UnsentAlert =
  Omit<SafetyAlert, 'id' | 'seq'> | Omit<MaintenanceAlert, 'id' | 'seq'>;

export interface AlertActor {
  keyId: string;
  fleets: ReadonlySet<string>;
}

export interface ActOptions {
  note?: string | undefined;
  requestId?: string | undefined;
}

/**
 * Where alerts live: every episode the engine finds is stored before it
 * is broadcast, and every change of state an admin (or the engine) makes
 * is stored, audited and broadcast once, by whoever won it.
 */
export class AlertDesk {
  constructor(
    private readonly db: Db,
    private readonly hub: StreamHub,
    private readonly log: Logger,
  ) {}

  /**
   * Stores an engine alert, then broadcasts it as stored. A message with
   * `auto_resolved: true` resolves the open alert of its vehicle and
   * category instead. If storing fails the message still goes out as it
   * came: a live alert nobody sees is worse than one missing from the log.
   * Answers the alert as stored, if it was.
   */
  async raise(unsent: UnsentAlert): Promise<AlertRecord | undefined> {
    let stored: AlertRecord | undefined;
    try {
      stored = await this.store(unsent);
    } catch (error) {
      this.log.error('could not store an alert', { error });
    }
    const message = stored ? withRecord(unsent, stored) : unsent;
    this.hub.publish(unsent.payload.fleet_id, message);
    return stored;
  }

  /** An admin's acknowledgement or resolution; the winner broadcasts. */
  async act(
    actor: AlertActor,
    alertId: string,
    action: AlertAction,
    opts: ActOptions = {},
  ): Promise<TransitionOutcome> {
    const outcome = await transitionAlert(this.db, {
      alertId,
      action,
      actor: actor.keyId,
      fleets: actor.fleets,
      note: opts.note,
      requestId: opts.requestId,
    });
    if (outcome.ok && outcome.changed) this.broadcast(outcome.alert);
    return outcome;
  }

  /** A fleet's alerts not yet resolved, as stream messages, oldest first. */
  async openMessages(fleetId: string): Promise<UnsentAlert[]> {
    const open = await listAlerts(this.db, fleetId, {
      status: 'open',
      limit: MAX_ALERT_LIST,
    });
    return open.reverse().map(toMessage);
  }

  private async store(unsent: UnsentAlert): Promise<AlertRecord | undefined> {
    const p = unsent.payload;
    if (p.auto_resolved) {
      return autoResolveAlert(this.db, p.fleet_id, p.vehicle_id, p.category);
    }
    const safety = unsent.channel === 'alerts' ? unsent.payload : undefined;
    return raiseAlert(this.db, {
      channel: unsent.channel,
      fleetId: p.fleet_id,
      vehicleId: p.vehicle_id,
      ...(safety?.driver_id !== undefined && { driverId: safety.driver_id }),
      ...(safety?.trip_id !== undefined && { tripId: safety.trip_id }),
      category: p.category,
      severity: p.severity,
      ...(p.location !== undefined && { location: p.location }),
      eventData: p.event_data,
      recommendedActions: p.recommended_actions,
      at: unsent.timestamp,
    });
  }

  private broadcast(alert: AlertRecord): void {
    this.hub.publish(alert.fleet_id, toMessage(alert));
  }
}

/**
 * The engine's message carrying the stored alert's id and state; an
 * auto-resolving message keeps its own measurements (why it cleared).
 */
function withRecord(unsent: UnsentAlert, r: AlertRecord): UnsentAlert {
  const message = toMessage(r);
  if (!unsent.payload.auto_resolved) return { ...message, timestamp: unsent.timestamp };
  const payload = {
    ...message.payload,
    event_data: unsent.payload.event_data,
    auto_resolved: true,
  };
  return { ...message, timestamp: unsent.timestamp, payload } as UnsentAlert;
}

/** A stored alert as its channel's message, with its lifecycle fields. */
export function toMessage(r: AlertRecord): UnsentAlert {
  const timestamp = r.resolved_at ?? r.acknowledged_at ?? r.last_seen_at;
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
