import { describe, expect, it } from 'vitest';
import type { FleetAlert } from '../../../lib/alerts/alert';
import type { Vehicle } from '../../../lib/fleet/vehicle';
import {
  CACHE_LIMITS,
  cacheKey,
  loadCached,
  saveCached,
  toCached,
  type StorageLike,
} from '../../../lib/store/offline-cache';

const T0 = Date.UTC(2026, 2, 10, 10, 0, 0);

class MemoryStorage implements StorageLike {
  readonly items = new Map<string, string>();
  full = false;
  getItem(key: string): string | null {
    return this.items.get(key) ?? null;
  }
  setItem(key: string, value: string): void {
    if (this.full) throw new DOMException('quota', 'QuotaExceededError');
    this.items.set(key, value);
  }
}

function vehicle(id: string, deviceTime: number): Vehicle {
  return { id, fleetId: 'f', lat: 30, lon: -97, deviceTime, receivedAt: deviceTime };
}

function alertOf(id: string, status: FleetAlert['status']): FleetAlert {
  return {
    id,
    kind: 'safety',
    category: 'harsh_braking',
    vehicleId: 'v1',
    severity: 'high',
    status,
    occurrences: 1,
    raisedAt: T0,
    lastSeenAt: T0,
    detail: {},
    escalationLevel: 0,
  };
}

const state = (vehicles: Vehicle[], alerts: FleetAlert[]) => ({
  fleet: { id: 'f', name: 'Fleet', timezone: 'UTC' },
  labels: { v1: 'Bus 1' },
  vehicles: Object.fromEntries(vehicles.map((v) => [v.id, v])),
  alerts,
});

describe('the offline cache', () => {
  it('gives back what it saved', () => {
    const storage = new MemoryStorage();
    const cached = toCached(state([vehicle('v1', T0)], [alertOf('a1', 'active')]), T0);

    expect(saveCached(storage, 'f', cached)).toBe(true);
    expect(loadCached(storage, 'f')).toEqual(cached);
  });

  it('keeps open alerts only', () => {
    const alerts = [
      alertOf('a1', 'active'),
      alertOf('a2', 'resolved'),
      alertOf('a3', 'acknowledged'),
    ];

    const cached = toCached(state([], alerts), T0);

    expect(cached.alerts.map((a) => a.id)).toEqual(['a1', 'a3']);
  });

  it('keeps the vehicles with the newest fixes, up to its bound', () => {
    const many = Array.from({ length: CACHE_LIMITS.vehicles + 1 }, (_, i) =>
      vehicle(`v${i}`, T0 + i),
    );

    const cached = toCached(state(many, []), T0);

    expect(cached.vehicles).toHaveLength(CACHE_LIMITS.vehicles);
    expect(cached.vehicles.some((v) => v.id === 'v0')).toBe(false);
  });

  it('keeps the older entry when the browser refuses the new one', () => {
    const storage = new MemoryStorage();
    const old = toCached(state([vehicle('v1', T0)], []), T0);
    saveCached(storage, 'f', old);
    storage.full = true;

    expect(saveCached(storage, 'f', toCached(state([], []), T0 + 1))).toBe(false);
    expect(loadCached(storage, 'f')).toEqual(old);
  });

  it('saves nothing over its byte bound', () => {
    const storage = new MemoryStorage();
    const labels = { v1: 'x'.repeat(CACHE_LIMITS.bytes) };
    const cached = { ...toCached(state([], []), T0), labels };

    expect(saveCached(storage, 'f', cached)).toBe(false);
    expect(storage.items.size).toBe(0);
  });

  it('reads an unreadable entry as none', () => {
    const storage = new MemoryStorage();
    storage.setItem(cacheKey('f'), '{"savedAt":');

    expect(loadCached(storage, 'f')).toBeNull();
  });
});
