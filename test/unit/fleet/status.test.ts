import { describe, expect, it } from 'vitest';
import type { FleetAlert } from '../../../lib/alerts/alert';
import {
  alertingVehicles,
  DEFAULT_STALE_MS,
  STATUS_LABEL,
  vehicleStatus,
} from '../../../lib/fleet/status';
import type { Vehicle } from '../../../lib/fleet/vehicle';

const NOW = Date.UTC(2026, 2, 10, 10, 0, 0);

function vehicle(over: Partial<Vehicle> = {}): Vehicle {
  return {
    id: 'bus-1',
    fleetId: 'f',
    lat: 30,
    lon: -97,
    deviceTime: NOW,
    receivedAt: NOW,
    ...over,
  };
}

describe('vehicleStatus', () => {
  it('calls a vehicle at 2 km/h moving', () => {
    expect(vehicleStatus(vehicle({ speed: 2 }), NOW)).toBe('moving');
  });

  it('calls a vehicle below 2 km/h stopped', () => {
    expect(vehicleStatus(vehicle({ speed: 1.9 }), NOW)).toBe('stopped');
  });

  it('calls a vehicle with no reported speed stopped', () => {
    expect(vehicleStatus(vehicle(), NOW)).toBe('stopped');
  });

  it('calls a vehicle stale once its fix is older than five minutes', () => {
    const v = vehicle({ speed: 50, deviceTime: NOW - DEFAULT_STALE_MS - 1 });

    expect(vehicleStatus(v, NOW)).toBe('stale');
  });

  it('does not call a fix exactly five minutes old stale', () => {
    const v = vehicle({ speed: 50, deviceTime: NOW - DEFAULT_STALE_MS });

    expect(vehicleStatus(v, NOW)).toBe('moving');
  });

  it('uses the stale limit it is given', () => {
    const v = vehicle({ deviceTime: NOW - 10_001 });

    expect(vehicleStatus(v, NOW, 10_000)).toBe('stale');
  });

  it('calls a vehicle standing with its engine running idle', () => {
    const v = vehicle({ speed: 0, telemetry: { engine_rpm: 750 } });

    expect(vehicleStatus(v, NOW)).toBe('idle');
  });

  it('calls a vehicle standing with its engine off stopped', () => {
    const v = vehicle({ speed: 0, telemetry: { engine_rpm: 0 } });

    expect(vehicleStatus(v, NOW)).toBe('stopped');
  });

  it('calls a vehicle moving whatever its engine reports', () => {
    const v = vehicle({ speed: 40, telemetry: { engine_rpm: 2000 } });

    expect(vehicleStatus(v, NOW)).toBe('moving');
  });

  it('calls an alerting vehicle alerting even when its fix is stale', () => {
    const v = vehicle({ speed: 50, deviceTime: NOW - DEFAULT_STALE_MS - 1 });

    expect(vehicleStatus(v, NOW, undefined, true)).toBe('alerting');
  });
});

describe('alertingVehicles', () => {
  function alert(over: Partial<FleetAlert>): FleetAlert {
    return {
      id: 'a-1',
      kind: 'safety',
      category: 'harsh_braking',
      vehicleId: 'bus-1',
      severity: 'high',
      status: 'active',
      occurrences: 1,
      raisedAt: NOW,
      lastSeenAt: NOW,
      detail: {},
      escalationLevel: 0,
      ...over,
    };
  }

  it('names vehicles with an open high or critical alert', () => {
    const ids = alertingVehicles([
      alert({ id: 'a', vehicleId: 'bus-1', severity: 'critical' }),
      alert({ id: 'b', vehicleId: 'bus-2', status: 'acknowledged' }),
    ]);

    expect([...ids].sort()).toEqual(['bus-1', 'bus-2']);
  });

  it('leaves out resolved alerts and those below high', () => {
    const ids = alertingVehicles([
      alert({ id: 'a', vehicleId: 'bus-1', status: 'resolved' }),
      alert({ id: 'b', vehicleId: 'bus-2', severity: 'medium' }),
    ]);

    expect(ids.size).toBe(0);
  });
});

describe('STATUS_LABEL', () => {
  it('names every status for people', () => {
    expect(STATUS_LABEL).toEqual({
      moving: 'Moving',
      idle: 'Idle',
      stopped: 'Stopped',
      stale: 'Stale',
      alerting: 'Alerting',
    });
  });
});
