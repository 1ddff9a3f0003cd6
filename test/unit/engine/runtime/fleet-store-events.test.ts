import { describe, expect, it } from 'vitest';
import type {
  AlertRecord,
  DriverStatusUpdate,
  FleetMetricsPayload,
  MaintenanceAlert,
  SafetyAlert,
  TelemetryUpdate,
  TripEvent,
} from '../../../../lib/protocol';
import { appendMetrics, prependCapped } from '../../../../lib/store/events';
import { createFleetStore } from '../../../../lib/store/fleet-store';

const ISO = '2024-01-01T00:00:00.000Z';
const AT = Date.parse(ISO);

function safety(alertId: string): SafetyAlert {
  return {
    type: 'safety_alert',
    id: `msg-${alertId}`,
    timestamp: ISO,
    channel: 'alerts',
    payload: {
      alert_id: alertId,
      severity: 'high',
      category: 'harsh_braking',
      vehicle_id: 'car-1',
      fleet_id: 'fleet-1',
      location: { latitude: 42.28, longitude: -83.74 },
      event_data: {},
      recommended_actions: [],
      auto_resolved: false,
    },
  };
}

function maintenance(alertId: string): MaintenanceAlert {
  return {
    type: 'maintenance_alert',
    id: `msg-${alertId}`,
    timestamp: ISO,
    channel: 'maintenance_alerts',
    payload: {
      alert_id: alertId,
      severity: 'medium',
      category: 'low_fuel',
      vehicle_id: 'car-1',
      fleet_id: 'fleet-1',
      event_data: { fuel_level: 9 },
      recommended_actions: [],
      auto_resolved: false,
    },
  };
}

function record(alertId: string): AlertRecord {
  return {
    alert_id: alertId,
    fleet_id: 'fleet-1',
    vehicle_id: 'car-1',
    channel: 'alerts',
    category: 'harsh_braking',
    severity: 'high',
    event_data: {},
    recommended_actions: [],
    status: 'active',
    occurrences: 1,
    raised_at: ISO,
    last_seen_at: ISO,
    auto_resolved: false,
    escalation_level: 0,
  };
}

function period(minute: number): FleetMetricsPayload {
  const end = new Date(AT + minute * 60_000).toISOString();
  return {
    fleet_id: 'fleet-1',
    period: { start: ISO, end },
    metrics: {
      active_vehicles: 1,
      total_trips: 0,
      completed_deliveries: 0,
      average_speed: 0,
      safety_score: 100,
    },
    alerts_summary: { critical: 0, high: 0, medium: 0, low: 0 },
    performance_trends: {
      utilization_trend: '+0.0%',
      efficiency_trend: '+0.0%',
      safety_trend: '+0.0%',
    },
  };
}

function tripEvent(id: string, vehicleId = 'car-1'): TripEvent {
  return {
    type: 'trip_event',
    id,
    timestamp: ISO,
    channel: 'trip_events',
    payload: {
      event: 'trip_started',
      trip_id: `trip-${id}`,
      vehicle_id: vehicleId,
      fleet_id: 'fleet-1',
    },
  };
}

function telemetry(vehicleId: string): TelemetryUpdate {
  return {
    type: 'telemetry_update',
    id: `tel-${vehicleId}`,
    timestamp: ISO,
    channel: 'telemetry',
    payload: {
      vehicle_id: vehicleId,
      fleet_id: 'fleet-1',
      sampled_at: '2024-01-01T00:00:05.000Z',
      telemetry: { engine_rpm: 1800, odometer: 12.5 },
    },
  };
}

function driverStatus(vehicleId: string): DriverStatusUpdate {
  return {
    type: 'driver_status',
    id: `drv-${vehicleId}`,
    timestamp: ISO,
    channel: 'driver_status',
    payload: {
      vehicle_id: vehicleId,
      fleet_id: 'fleet-1',
      status: 'idle',
      source: 'motion',
      since: ISO,
    },
  };
}

describe('fleet store: alerts', () => {
  it('lists a safety and a maintenance alert newest first, each with its kind', () => {
    const store = createFleetStore('fleet-1');

    store.getState().onAlert(safety('a1'));
    store.getState().onAlert(maintenance('m1'));

    expect(store.getState().alerts.map((a) => [a.id, a.kind, a.raisedAt])).toEqual([
      ['m1', 'maintenance', AT],
      ['a1', 'safety', AT],
    ]);
  });

  it('keeps an alert once when it arrives twice', () => {
    const store = createFleetStore('fleet-1');

    store.getState().onAlert(safety('a1'));
    store.getState().onAlert(safety('a2'));
    store.getState().onAlert(safety('a1'));

    expect(store.getState().alerts.map((a) => a.id)).toEqual(['a2', 'a1']);
  });

  it("shows an alert's newest state where it stands in the list", () => {
    const store = createFleetStore('fleet-1');

    store.getState().onAlert(safety('a1'));
    store.getState().onAlert(safety('a2'));
    const acknowledged = safety('a1');
    acknowledged.payload = { ...acknowledged.payload, status: 'acknowledged' };
    store.getState().onAlert(acknowledged);

    const alerts = store.getState().alerts;
    expect(alerts.map((a) => [a.id, a.status])).toEqual([
      ['a2', 'active'],
      ['a1', 'acknowledged'],
    ]);
  });

  it('keeps a live acknowledgement when an older REST page arrives after it', () => {
    const store = createFleetStore('fleet-1');
    const acknowledged = safety('a1');
    acknowledged.payload = {
      ...acknowledged.payload,
      status: 'acknowledged',
      acknowledged_by: 'key-1',
      acknowledged_at: ISO,
    };

    store.getState().onAlert(acknowledged);
    store.getState().loadAlerts([record('a1')]);

    expect(store.getState().alerts.map((a) => a.status)).toEqual(['acknowledged']);
  });

  it('announces an alert the stream raises, never one read from REST', () => {
    const store = createFleetStore('fleet-1');

    store.getState().loadAlerts([record('old')]);
    expect(store.getState().raised).toBeNull();
    store.getState().onAlert(safety('a1'));

    expect(store.getState().raised?.id).toBe('a1');
  });

  it('does not announce a state change of an alert it already lists', () => {
    const store = createFleetStore('fleet-1');
    store.getState().loadAlerts([record('a1')]);
    const acknowledged = safety('a1');
    acknowledged.payload = { ...acknowledged.payload, status: 'acknowledged' };

    store.getState().onAlert(acknowledged);

    expect(store.getState().raised).toBeNull();
  });

  it('keeps the newest 500 alerts', () => {
    const store = createFleetStore('fleet-1');

    for (let i = 1; i <= 530; i++) store.getState().onAlert(safety(`a${i}`));

    const ids = store.getState().alerts.map((a) => a.id);
    expect([ids.length, ids[0], ids.at(-1)]).toEqual([500, 'a530', 'a31']);
  });
});

describe('fleet store: metrics', () => {
  it('appends periods oldest first', () => {
    const store = createFleetStore('fleet-1');

    store.getState().onMetrics([period(1), period(2)]);
    store.getState().onMetrics([period(3)]);

    expect(store.getState().metrics.map((m) => m.period.end)).toEqual([
      '2024-01-01T00:01:00.000Z',
      '2024-01-01T00:02:00.000Z',
      '2024-01-01T00:03:00.000Z',
    ]);
  });

  it('does not append a period it already holds', () => {
    const store = createFleetStore('fleet-1');

    store.getState().onMetrics([period(1), period(2)]);
    store.getState().onMetrics([period(2), period(3)]);

    expect(store.getState().metrics).toHaveLength(3);
  });

  it('keeps the newest 120 periods', () => {
    const store = createFleetStore('fleet-1');

    for (let i = 1; i <= 150; i++) store.getState().onMetrics([period(i)]);

    const ends = store.getState().metrics.map((m) => m.period.end);
    expect([ends.length, ends[0], ends.at(-1)]).toEqual([
      120,
      period(31).period.end,
      period(150).period.end,
    ]);
  });
});

describe('fleet store: trip activity', () => {
  it('keeps the newest 50 trip events', () => {
    const store = createFleetStore('fleet-1');

    for (let i = 1; i <= 70; i++) store.getState().onTripEvent(tripEvent(`e${i}`));

    const ids = store.getState().activity.map((a) => a.id);
    expect([ids.length, ids[0], ids.at(-1)]).toEqual([50, 'e70', 'e21']);
  });

  it('records the trip event as the vehicle current trip', () => {
    const store = createFleetStore('fleet-1');
    const event = tripEvent('e1');

    store.getState().onTripEvent(event);

    expect(store.getState().details['car-1']?.trip).toEqual(event.payload);
  });
});

describe('fleet store: vehicle details', () => {
  it('keeps telemetry and driver status of one vehicle side by side', () => {
    const store = createFleetStore('fleet-1');

    store.getState().onTelemetry(telemetry('car-1'));
    store.getState().onDriverStatus(driverStatus('car-1'));

    expect(store.getState().details['car-1']).toEqual({
      telemetry: { engine_rpm: 1800, odometer: 12.5 },
      telemetryAt: Date.parse('2024-01-01T00:00:05.000Z'),
      driverStatus: 'idle',
    });
  });

  it('leaves other vehicles untouched when one changes', () => {
    const store = createFleetStore('fleet-1');
    store.getState().onDriverStatus(driverStatus('car-2'));
    const before = store.getState().details['car-2'];

    store.getState().onTelemetry(telemetry('car-1'));

    expect(store.getState().details['car-2']).toBe(before);
  });
});

describe('prependCapped', () => {
  it('returns the same list when the id is already present', () => {
    const list = [{ id: 'a' }, { id: 'b' }];

    expect(prependCapped(list, { id: 'b' }, 10)).toBe(list);
  });
});

describe('appendMetrics', () => {
  it('returns the same list when the period is already present', () => {
    const list = [period(1)];

    expect(appendMetrics(list, period(1))).toBe(list);
  });
});
