import { describe, expect, it } from 'vitest';
import type { Vehicle } from '../../../lib/fleet/vehicle';
import { createFleetStore } from '../../../lib/store/fleet-store';
import { appendHistory, HISTORY_CAP } from '../../../lib/store/history';

const T0 = Date.UTC(2026, 2, 10, 10, 0, 0);

function vehicle(id: string, deviceTime: number, speed: number): Vehicle {
  return {
    id,
    fleetId: 'fleet-1',
    lat: 30,
    lon: -97,
    deviceTime,
    receivedAt: deviceTime,
    speed,
  };
}

describe('appendHistory', () => {
  it('appends a newer sample', () => {
    expect(appendHistory([{ at: 1, speed: 5 }], { at: 2, speed: 6 })).toEqual([
      { at: 1, speed: 5 },
      { at: 2, speed: 6 },
    ]);
  });

  it('drops a sample older than the newest', () => {
    const list = [{ at: 5, speed: 5 }];

    expect(appendHistory(list, { at: 4, speed: 9 })).toBe(list);
  });

  it('fills the newest sample with readings taken at the same time', () => {
    expect(appendHistory([{ at: 5, speed: 5 }], { at: 5, rpm: 900 })).toEqual([
      { at: 5, speed: 5, rpm: 900 },
    ]);
  });

  it('keeps only the newest samples past the cap', () => {
    let list = appendHistory([], { at: 0 }, 3);
    for (let at = 1; at < 10; at++) list = appendHistory(list, { at }, 3);

    expect(list.map((p) => p.at)).toEqual([7, 8, 9]);
  });
});

describe('the store history', () => {
  it('takes one sample per vehicle the batch moved', () => {
    const store = createFleetStore('fleet-1');

    store.getState().applyBatch([vehicle('a', T0, 10), vehicle('b', T0, 20)]);
    store
      .getState()
      .applyBatch([vehicle('a', T0 + 1000, 12), vehicle('b', T0 - 1000, 99)]);

    expect(store.getState().history).toEqual({
      a: [
        { at: T0, speed: 10 },
        { at: T0 + 1000, speed: 12 },
      ],
      b: [{ at: T0, speed: 20 }],
    });
  });

  it('adds engine readings from telemetry messages', () => {
    const store = createFleetStore('fleet-1');

    store.getState().onTelemetry({
      type: 'telemetry_update',
      id: 'm1',
      timestamp: new Date(T0).toISOString(),
      channel: 'telemetry',
      payload: {
        vehicle_id: 'a',
        fleet_id: 'fleet-1',
        sampled_at: new Date(T0).toISOString(),
        telemetry: { engine_rpm: 1500, engine_temp: 88 },
      },
    });

    expect(store.getState().history['a']).toEqual([{ at: T0, rpm: 1500, coolant: 88 }]);
  });

  it('stays capped per vehicle however long the stream runs', () => {
    const store = createFleetStore('fleet-1');

    for (let i = 0; i < HISTORY_CAP * 5; i++) {
      store.getState().applyBatch([vehicle('a', T0 + i * 1000, i)]);
    }

    expect(store.getState().history['a']).toHaveLength(HISTORY_CAP);
  });
});
