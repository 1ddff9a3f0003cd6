import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { FleetAlert } from '../../../lib/alerts/alert';
import type { Vehicle } from '../../../lib/fleet/vehicle';
import type { AlertRecord, SafetyAlert } from '../../../lib/protocol';
import {
  Coalescer,
  drainWhenVisible,
  type VisibilitySource,
} from '../../../lib/store/coalesce';
import { createFleetStore } from '../../../lib/store/fleet-store';

const T0 = Date.UTC(2026, 2, 10, 10, 0, 0);
const VEHICLES = 200;
const MINUTES = 10;

function fix(n: number, deviceTime: number): Vehicle {
  return {
    id: `bus-${n}`,
    fleetId: 'fleet-1',
    lat: 30 + deviceTime / 1e12,
    lon: -97,
    deviceTime,
    receivedAt: deviceTime + 300,
  };
}

function alert(n: number): SafetyAlert {
  const at = new Date(T0 + n * 30_000).toISOString();
  return {
    type: 'safety_alert',
    id: `msg-${n}`,
    timestamp: at,
    channel: 'alerts',
    payload: {
      alert_id: `alert-${n}`,
      severity: 'medium',
      category: 'harsh_braking',
      vehicle_id: `bus-${n % VEHICLES}`,
      fleet_id: 'fleet-1',
      location: { latitude: 30, longitude: -97 },
      event_data: {},
      recommended_actions: [],
      auto_resolved: false,
    },
  };
}

/** A page whose visibility the test flips, as the browser would. */
class FakePage implements VisibilitySource {
  visibilityState: DocumentVisibilityState = 'visible';
  private listeners = new Set<() => void>();
  addEventListener(_: 'visibilitychange', l: () => void) {
    this.listeners.add(l);
  }
  removeEventListener(_: 'visibilitychange', l: () => void) {
    this.listeners.delete(l);
  }
  show() {
    this.visibilityState = 'visible';
    for (const l of this.listeners) l();
  }
}

/**
 * Field case C30: ten minutes hidden at five fixes a second and two
 * alerts a minute. The browser throttles the hidden tab's timer, so the
 * coalescer's flush never fires while hidden (fake timers that do not
 * advance); coming back must catch up in one store update.
 */
describe('C30: a hidden dashboard catches up in one step', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  function hiddenForTenMinutes() {
    const store = createFleetStore('fleet-1');
    const page = new FakePage();
    const flushes: number[] = [];
    const coalescer = new Coalescer((batch) => {
      flushes.push(batch.length);
      store.getState().applyBatch(batch);
    }, 250);
    drainWhenVisible(coalescer, page);
    page.visibilityState = 'hidden';

    const latest = new Map<string, number>();
    for (let i = 0; i < MINUTES * 60 * 5; i++) {
      const v = fix(i % VEHICLES, T0 + i * 200);
      latest.set(v.id, v.deviceTime);
      coalescer.push(v);
    }
    for (let n = 0; n < MINUTES * 2; n++) store.getState().onAlert(alert(n));
    return { store, page, flushes, latest, coalescer };
  }

  it('holds one fix per vehicle while hidden, not every fix', () => {
    const { flushes, store } = hiddenForTenMinutes();

    expect(flushes).toEqual([]);
    expect(store.getState().vehicles).toEqual({});
  });

  it('applies the backlog as one batch of the newest fix per vehicle on return', () => {
    const { page, flushes, store, latest } = hiddenForTenMinutes();

    page.show();

    expect(flushes).toEqual([VEHICLES]);
    const shown = Object.values(store.getState().vehicles);
    expect(shown).toHaveLength(VEHICLES);
    for (const v of shown) expect(v.deviceTime).toBe(latest.get(v.id));
  });

  it('leaves nothing for the throttled timer to apply again', () => {
    const { page, flushes } = hiddenForTenMinutes();

    page.show();
    vi.advanceTimersByTime(60_000);

    expect(flushes).toEqual([VEHICLES]);
  });

  it('holds every alert exactly once, even when a REST reload repeats them', () => {
    const { store } = hiddenForTenMinutes();
    const stored = store.getState().alerts.map(toRecord);

    store.getState().loadAlerts(stored);

    const ids = store.getState().alerts.map((a) => a.id);
    expect(ids).toHaveLength(MINUTES * 2);
    expect(new Set(ids).size).toBe(MINUTES * 2);
  });

  it('stops listening once unsubscribed', () => {
    const page = new FakePage();
    const drain = vi.fn();
    const stop = drainWhenVisible({ drain }, page);

    stop();
    page.show();

    expect(drain).not.toHaveBeenCalled();
  });
});

function toRecord(a: FleetAlert): AlertRecord {
  return {
    alert_id: a.id,
    fleet_id: 'fleet-1',
    vehicle_id: a.vehicleId,
    channel: 'alerts',
    category: a.category,
    severity: a.severity,
    event_data: { ...a.detail },
    recommended_actions: [],
    status: a.status,
    occurrences: a.occurrences,
    raised_at: new Date(a.raisedAt).toISOString(),
    last_seen_at: new Date(a.lastSeenAt).toISOString(),
    auto_resolved: false,
    escalation_level: a.escalationLevel,
  };
}
