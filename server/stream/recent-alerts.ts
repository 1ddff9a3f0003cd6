import type { MaintenanceAlert, SafetyAlert, StreamMessage } from '../../lib/protocol';
import type { StreamHub } from './hub';

export type AlertMessage = SafetyAlert | MaintenanceAlert;

/** How many alerts each fleet keeps by default. */
export const RECENT_ALERTS_LIMIT = 200;

/**
 * The active and recent alerts of every fleet, safety and maintenance,
 * as they went out on the stream, so a client that connects late can ask
 * for them. A message with `auto_resolved: true` or `status: resolved`
 * closes the earlier alerts of its vehicle and category; it is not kept
 * itself, since it announces that nothing is wrong any more. A message
 * for an alert already kept (acknowledged, or a new episode folded into
 * it) takes its place.
 */
export class RecentAlerts {
  private readonly byFleet = new Map<string, AlertMessage[]>();
  private readonly unsubscribe: () => void;

  /** Keeps the newest `limit` alerts per fleet (default 200). */
  constructor(
    hub: StreamHub,
    private readonly limit = RECENT_ALERTS_LIMIT,
  ) {
    this.unsubscribe = hub.subscribe((p) => this.offer(p.fleetId, p.message));
  }

  /** A fleet's kept alerts, oldest first. */
  of(fleetId: string): readonly AlertMessage[] {
    return this.byFleet.get(fleetId) ?? [];
  }

  /**
   * Alerts still open from before a restart, read from the store. They
   * never went out on this process's stream, so they get an id of their
   * own and sequence number 0.
   */
  seed(fleetId: string, open: readonly Omit<AlertMessage, 'id' | 'seq'>[]): void {
    for (const m of open) {
      const id = `restored-${m.payload.alert_id}`;
      this.offer(fleetId, { ...m, id, seq: 0 } as AlertMessage);
    }
  }

  close(): void {
    this.unsubscribe();
    this.byFleet.clear();
  }

  private offer(fleetId: string, message: StreamMessage): void {
    if (message.channel !== 'alerts' && message.channel !== 'maintenance_alerts') return;
    const kept = this.byFleet.get(fleetId) ?? [];

    if (message.payload.auto_resolved) {
      const { vehicle_id, category } = message.payload;
      const open = kept.filter(
        (a) =>
          a.channel !== message.channel ||
          a.payload.vehicle_id !== vehicle_id ||
          a.payload.category !== category,
      );
      this.byFleet.set(fleetId, open);
      return;
    }

    const id = message.payload.alert_id;
    const others = kept.filter((a) => a.payload.alert_id !== id);
    // An admin's resolution names its alert, which leaves the list.
    if (message.payload.status !== 'resolved') others.push(message);
    if (others.length > this.limit) others.splice(0, others.length - this.limit);
    this.byFleet.set(fleetId, others);
  }
}
