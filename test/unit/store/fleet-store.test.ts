import { describe, expect, it } from 'vitest';
import type { Vehicle } from '../../../lib/fleet/vehicle';
import { createFleetStore } from '../../../lib/store/fleet-store';

const T0 = Date.UTC(2026, 2, 10, 10, 0, 0);

function vehicle(id: string, deviceTime: number): Vehicle {
  return {
    id,
    fleetId: 'fleet-1',
    lat: 30,
    lon: -97,
    deviceTime,
    receivedAt: deviceTime,
  };
}

describe('createFleetStore', () => {
  it('starts connecting, empty and with nothing selected', () => {
    const state = createFleetStore('fleet-1').getState();

    expect(state).toMatchObject({
      fleetId: 'fleet-1',
      vehicles: {},
      selectedId: null,
      connection: 'connecting',
      connectionDetail: null,
      newest: null,
    });
  });

  describe('applyBatch', () => {
    it('adds the batch to the vehicles', () => {
      const store = createFleetStore('fleet-1');
      const a = vehicle('a', T0);

      store.getState().applyBatch([a]);

      expect(store.getState().vehicles).toEqual({ a });
    });

    it('sets newest to the newest device time in the batch', () => {
      const store = createFleetStore('fleet-1');

      store.getState().applyBatch([vehicle('a', T0 + 3000), vehicle('b', T0 + 5000)]);

      expect(store.getState().newest).toBe(T0 + 5000);
    });

    it('never lowers newest when a later batch carries older times', () => {
      const store = createFleetStore('fleet-1');
      store.getState().applyBatch([vehicle('a', T0 + 5000)]);

      store.getState().applyBatch([vehicle('b', T0 + 1000)]);

      expect(store.getState().newest).toBe(T0 + 5000);
    });

    it('does not notify subscribers when the batch changes nothing', () => {
      const store = createFleetStore('fleet-1');
      store.getState().applyBatch([vehicle('a', T0 + 1000)]);
      let notified = 0;
      store.subscribe(() => notified++);

      store.getState().applyBatch([vehicle('a', T0)]);

      expect(notified).toBe(0);
    });

    it('counts each batch that changes the vehicles', () => {
      const store = createFleetStore('fleet-1');
      store.getState().applyBatch([vehicle('a', T0)]);

      store.getState().applyBatch([vehicle('a', T0 + 1000)]);

      expect(store.getState().vehiclesVersion).toBe(2);
    });

    it('does not count a batch that changes nothing', () => {
      const store = createFleetStore('fleet-1');
      store.getState().applyBatch([vehicle('a', T0 + 1000)]);

      store.getState().applyBatch([vehicle('a', T0)]);

      expect(store.getState().vehiclesVersion).toBe(1);
    });

    it('keeps one vehicles object, so a batch never copies the fleet', () => {
      const store = createFleetStore('fleet-1');
      const before = store.getState().vehicles;

      store.getState().applyBatch([vehicle('a', T0)]);

      expect(store.getState().vehicles).toBe(before);
    });

    it('sets lastBatch to the fixes that won', () => {
      const store = createFleetStore('fleet-1');
      store.getState().applyBatch([vehicle('a', T0 + 1000)]);
      const b = vehicle('b', T0);

      store.getState().applyBatch([vehicle('a', T0), b]);

      expect(store.getState().lastBatch).toEqual([b]);
    });

    it('gives a moved vehicle a new history list and leaves the others', () => {
      const store = createFleetStore('fleet-1');
      store.getState().applyBatch([vehicle('a', T0), vehicle('b', T0)]);
      const { a, b } = store.getState().history;

      store.getState().applyBatch([vehicle('a', T0 + 1000)]);

      const after = store.getState().history;
      expect([after['a'] !== a, after['b'] === b]).toEqual([true, true]);
    });

    it('keeps the current fix when a late one arrives', () => {
      const store = createFleetStore('fleet-1');
      const current = vehicle('a', T0 + 1000);
      store.getState().applyBatch([current]);

      store.getState().applyBatch([vehicle('a', T0)]);

      expect(store.getState().vehicles.a).toBe(current);
    });
  });

  it('selects and clears a vehicle', () => {
    const store = createFleetStore('fleet-1');

    store.getState().select('a');
    const selected = store.getState().selectedId;
    store.getState().select(null);

    expect([selected, store.getState().selectedId]).toEqual(['a', null]);
  });

  it('records the connection status with its detail', () => {
    const store = createFleetStore('fleet-1');

    store.getState().setConnection('unauthorized', 'The API key is unknown or revoked');

    expect(store.getState()).toMatchObject({
      connection: 'unauthorized',
      connectionDetail: 'The API key is unknown or revoked',
    });
  });

  it('clears the connection detail when none is given', () => {
    const store = createFleetStore('fleet-1');
    store.getState().setConnection('offline', 'server unreachable');

    store.getState().setConnection('live');

    expect(store.getState().connectionDetail).toBeNull();
  });
});

describe('fleet store: offline copy and reset', () => {
  const saved = {
    savedAt: T0,
    fleet: { id: 'fleet-1', name: 'Fleet', timezone: 'UTC' },
    labels: { a: 'Bus A' },
    vehicles: [vehicle('a', T0)],
    alerts: [],
  };

  it('shows a saved copy as stale since it was saved', () => {
    const store = createFleetStore('fleet-1');

    store.getState().restore(saved, T0);

    expect(store.getState().staleSince).toBe(T0);
    expect(Object.keys(store.getState().vehicles)).toEqual(['a']);
  });

  it('replaces the vehicles on a reset and is no longer stale', () => {
    const store = createFleetStore('fleet-1');
    store.getState().restore(saved, T0);

    store.getState().replaceLive([vehicle('b', T0 + 1)], undefined);

    expect(Object.keys(store.getState().vehicles)).toEqual(['b']);
    expect(store.getState().newest).toBe(T0 + 1);
    expect(store.getState().staleSince).toBeNull();
  });

  it('keeps taking fixes after a reset or a restore swapped the fleet', () => {
    const store = createFleetStore('fleet-1');
    store.getState().applyBatch([vehicle('a', T0)]);
    const before = store.getState().vehiclesVersion;

    store.getState().replaceLive([vehicle('b', T0 + 1)], undefined);
    store.getState().applyBatch([vehicle('c', T0 + 2)]);
    store.getState().restore(saved, T0);
    store.getState().applyBatch([vehicle('d', T0 + 3)]);

    expect(Object.keys(store.getState().vehicles).sort()).toEqual(['a', 'd']);
    expect(store.getState().vehiclesVersion).toBe(before + 4);
  });
});
