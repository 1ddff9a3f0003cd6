import { describe, expect, it } from 'vitest';
import type { LiveFix } from '../../../lib/fleet/position-fixes';
import type { Vehicle } from '../../../lib/fleet/vehicle';
import { applyStreamEvent } from '../../../lib/store/apply-stream';
import { Coalescer } from '../../../lib/store/coalesce';
import { createFleetStore } from '../../../lib/store/fleet-store';

const T0 = Date.UTC(2026, 2, 10, 10, 0, 0);

function fix(id: string, deviceTime: number): LiveFix {
  return { id, fleetId: 'fleet-1', lat: 30, lon: -97, deviceTime, speed: 12 };
}

describe('applyStreamEvent: positions', () => {
  it('hands every fix of a batch to the coalescer, stamped on arrival', () => {
    const store = createFleetStore('fleet-1');
    const pushed: Vehicle[] = [];

    applyStreamEvent(
      store.getState(),
      { name: 'positions', data: [fix('a', T0), fix('b', T0)] },
      (v) => pushed.push(v),
    );

    expect(pushed.map((v) => v.id)).toEqual(['a', 'b']);
    expect(pushed.every((v) => Number.isFinite(v.receivedAt))).toBe(true);
  });

  it('reaches the store as one update per batch', () => {
    const store = createFleetStore('fleet-1');
    const coalescer = new Coalescer((batch) => store.getState().applyBatch(batch));
    const before = store.getState().vehiclesVersion;

    applyStreamEvent(
      store.getState(),
      { name: 'positions', data: [fix('a', T0), fix('b', T0 + 1)] },
      (v) => coalescer.push(v),
    );
    coalescer.drain();

    const after = store.getState();
    expect(after.vehiclesVersion).toBe(before + 1);
    expect(Object.keys(after.vehicles).sort()).toEqual(['a', 'b']);
    expect(after.lastBatch.map((v) => v.id)).toEqual(['a', 'b']);
  });
});
