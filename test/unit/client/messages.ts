import type { LocationUpdate, SafetyAlert } from '../../../lib/protocol';

export const FLEET = 'fleet-1';
export const EPOCH = 'epoch-a';

export function alert(seq: number, alertId = `al-${seq}`): SafetyAlert {
  return {
    type: 'safety_alert',
    id: `${EPOCH}-${FLEET}-${seq}`,
    timestamp: '2026-03-10T10:00:00.000Z',
    channel: 'alerts',
    seq,
    payload: {
      alert_id: alertId,
      severity: 'high',
      category: 'harsh_braking',
      vehicle_id: 'bus-1',
      fleet_id: FLEET,
      location: { latitude: 30.27, longitude: -97.74 },
      event_data: {},
      recommended_actions: [],
      auto_resolved: false,
    },
  };
}

export function position(seq: number, at: string, vehicleId = 'bus-1'): LocationUpdate {
  return {
    type: 'location_update',
    id: `${EPOCH}-${FLEET}-${seq}`,
    timestamp: at,
    channel: 'vehicle_locations',
    seq,
    payload: {
      vehicle_id: vehicleId,
      fleet_id: FLEET,
      timestamp: at,
      location: { latitude: 30.27, longitude: -97.74 },
    },
  };
}

export function authSuccess(subscriptions: string[]) {
  return {
    type: 'auth_success',
    id: 'a',
    timestamp: '2026-03-10T10:00:00.000Z',
    payload: { fleet_id: FLEET, fleets: [FLEET], role: 'viewer', subscriptions },
  };
}

export function replayed(offset: number, replayedCount = 0, vehicles: unknown[] = []) {
  return {
    type: 'resumed',
    id: 'r',
    timestamp: '2026-03-10T10:00:00.000Z',
    payload: {
      status: 'replayed',
      epoch: EPOCH,
      offsets: { [FLEET]: offset },
      replayed: replayedCount,
      vehicles,
    },
  };
}

export function reset(
  reason: string,
  offset: number,
  alerts: unknown[] = [],
  epoch = EPOCH,
) {
  return {
    type: 'resumed',
    id: 'r',
    timestamp: '2026-03-10T10:00:00.000Z',
    payload: {
      status: 'reset',
      reason,
      message: 'a fresh snapshot',
      epoch,
      offsets: { [FLEET]: offset },
      vehicles: [],
      alerts,
    },
  };
}

export function pollReset(offset: number, alerts: unknown[] = []) {
  return {
    status: 'reset',
    reason: 'fresh',
    message: 'a fresh snapshot',
    epoch: EPOCH,
    offsets: { [FLEET]: offset },
    events: [],
    vehicles: [],
    alerts,
  };
}

export function pollEvents(offset: number, events: unknown[]) {
  return {
    status: 'replayed',
    epoch: EPOCH,
    offsets: { [FLEET]: offset },
    events,
    vehicles: [],
  };
}
