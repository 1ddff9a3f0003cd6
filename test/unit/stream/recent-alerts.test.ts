import { describe, expect, it } from 'vitest';
import type {
  AlertStatus,
  MaintenanceAlertPayload,
  SafetyAlertPayload,
} from '../../../lib/protocol';
import { StreamHub } from '../../../server/stream/hub';
import { RecentAlerts } from '../../../server/stream/recent-alerts';

const FLEET = 'fleet-1';
const AT = '2026-01-01T00:00:00.000Z';

function safety(
  hub: StreamHub,
  alertId: string,
  fleetId = FLEET,
  status?: AlertStatus,
): void {
  const payload: SafetyAlertPayload = {
    ...(status !== undefined && { status }),
    alert_id: alertId,
    severity: 'high',
    category: 'harsh_braking',
    vehicle_id: 'car-1',
    fleet_id: fleetId,
    location: { latitude: 1, longitude: 2 },
    event_data: {},
    recommended_actions: [],
    auto_resolved: false,
  };
  hub.publish(fleetId, {
    type: 'safety_alert',
    timestamp: AT,
    channel: 'alerts',
    payload,
  });
}

function maintenance(hub: StreamHub, alertId: string, resolved: boolean): void {
  const payload: MaintenanceAlertPayload = {
    alert_id: alertId,
    severity: 'medium',
    category: 'device_offline',
    vehicle_id: 'car-1',
    fleet_id: FLEET,
    event_data: {},
    recommended_actions: [],
    auto_resolved: resolved,
  };
  hub.publish(FLEET, {
    type: 'maintenance_alert',
    timestamp: AT,
    channel: 'maintenance_alerts',
    payload,
  });
}

const ids = (alerts: RecentAlerts, fleetId = FLEET) =>
  alerts.of(fleetId).map((a) => a.payload.alert_id);

describe('RecentAlerts', () => {
  it('keeps the alerts of each fleet apart, oldest first', () => {
    const hub = new StreamHub();
    const alerts = new RecentAlerts(hub);

    safety(hub, 'a1');
    safety(hub, 'b1', 'fleet-2');
    safety(hub, 'a2');

    expect(ids(alerts)).toEqual(['a1', 'a2']);
    expect(ids(alerts, 'fleet-2')).toEqual(['b1']);
  });

  it('keeps only the newest alerts past its limit', () => {
    const hub = new StreamHub();
    const alerts = new RecentAlerts(hub, 3);

    for (const id of ['a1', 'a2', 'a3', 'a4']) safety(hub, id);

    expect(ids(alerts)).toEqual(['a2', 'a3', 'a4']);
  });

  it('drops the alerts an auto_resolved message closes, and not the message', () => {
    const hub = new StreamHub();
    const alerts = new RecentAlerts(hub);

    safety(hub, 's1');
    maintenance(hub, 'm1', false);
    maintenance(hub, 'm2', true);

    expect(ids(alerts)).toEqual(['s1']);
  });

  it('puts a later message about a kept alert in its place', () => {
    const hub = new StreamHub();
    const alerts = new RecentAlerts(hub);

    safety(hub, 'a1');
    safety(hub, 'a2');
    safety(hub, 'a1', FLEET, 'acknowledged');

    expect(ids(alerts)).toEqual(['a2', 'a1']);
    expect(alerts.of(FLEET).at(-1)?.payload.status).toBe('acknowledged');
  });

  it('drops an alert an admin resolves, and only that one', () => {
    const hub = new StreamHub();
    const alerts = new RecentAlerts(hub);

    safety(hub, 'a1');
    safety(hub, 'a2');
    safety(hub, 'a1', FLEET, 'resolved');

    expect(ids(alerts)).toEqual(['a2']);
  });

  it('keeps the open alerts it is seeded with, under ids of their own', () => {
    const alerts = new RecentAlerts(new StreamHub());
    const payload: SafetyAlertPayload = {
      alert_id: 'old-1',
      severity: 'low',
      category: 'speeding',
      vehicle_id: 'car-1',
      fleet_id: FLEET,
      location: { latitude: 1, longitude: 2 },
      event_data: {},
      recommended_actions: [],
      auto_resolved: false,
      status: 'active',
    };

    alerts.seed(FLEET, [
      { type: 'safety_alert', timestamp: AT, channel: 'alerts', payload },
    ]);

    expect(alerts.of(FLEET).map((a) => [a.id, a.seq])).toEqual([['restored-old-1', 0]]);
  });

  it('stops listening when closed', () => {
    const hub = new StreamHub();
    const alerts = new RecentAlerts(hub);
    alerts.close();

    safety(hub, 'a1');

    expect(ids(alerts)).toEqual([]);
  });
});
