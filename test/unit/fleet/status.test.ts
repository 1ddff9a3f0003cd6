import { describe, expect, it } from 'vitest';
import { DEFAULT_STALE_MS, STATUS_LABEL, vehicleStatus } from '../../../lib/fleet/status';
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
});

describe('STATUS_LABEL', () => {
  it('names every status for people', () => {
    expect(STATUS_LABEL).toEqual({
      moving: 'Moving',
      stopped: 'Stopped',
      stale: 'Stale',
    });
  });
});
