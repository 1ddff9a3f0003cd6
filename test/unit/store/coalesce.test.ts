import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Vehicle } from '../../../lib/fleet/vehicle';
import { Coalescer, mergeInto } from '../../../lib/store/coalesce';

const T0 = Date.UTC(2026, 2, 10, 10, 0, 0);

function vehicle(id: string, deviceTime: number, lat = 30): Vehicle {
  return {
    id,
    fleetId: 'fleet-1',
    lat,
    lon: -97,
    deviceTime,
    receivedAt: deviceTime + 100,
  };
}

describe('mergeInto', () => {
  it('adds a vehicle it has not seen', () => {
    const a = vehicle('a', T0);
    const vehicles = {};

    mergeInto(vehicles, [a]);

    expect(vehicles).toEqual({ a });
  });

  it('replaces a vehicle with a newer fix', () => {
    const newer = vehicle('a', T0 + 1000, 31);
    const vehicles = { a: vehicle('a', T0) };

    mergeInto(vehicles, [newer]);

    expect(vehicles).toEqual({ a: newer });
  });

  it('never moves a vehicle back to a late fix', () => {
    const current = vehicle('a', T0 + 1000, 31);
    const vehicles = { a: current };

    mergeInto(vehicles, [vehicle('a', T0, 30)]);

    expect(vehicles.a).toBe(current);
  });

  it('keeps the newest fix when a batch holds several for one vehicle', () => {
    const newest = vehicle('a', T0 + 2000, 32);
    const vehicles: Record<string, Vehicle> = {};

    mergeInto(vehicles, [vehicle('a', T0 + 1000), newest, vehicle('a', T0)]);

    expect(vehicles['a']).toBe(newest);
  });

  it('returns the fixes that won, in batch order', () => {
    const b = vehicle('b', T0 + 1000);
    const c = vehicle('c', T0);
    const vehicles = { a: vehicle('a', T0 + 1000), b: vehicle('b', T0) };

    expect(mergeInto(vehicles, [vehicle('a', T0), b, c])).toEqual([b, c]);
  });

  it('leaves out a fix a later one in the same batch overtook', () => {
    const newest = vehicle('a', T0 + 2000);

    const won = mergeInto({}, [vehicle('a', T0), newest]);

    expect(won).toEqual([newest]);
  });

  it('returns no fixes when every update is late or repeated', () => {
    const vehicles = { a: vehicle('a', T0 + 1000), b: vehicle('b', T0) };

    expect(mergeInto(vehicles, [vehicle('a', T0), vehicle('b', T0)])).toEqual([]);
  });

  it('keeps vehicles the batch does not mention', () => {
    const b = vehicle('b', T0);
    const vehicles: Record<string, Vehicle> = { b };

    mergeInto(vehicles, [vehicle('a', T0)]);

    expect(vehicles['b']).toBe(b);
  });
});

describe('Coalescer', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });

  afterEach(() => {
    vi.useRealTimers();
  });

  it('delivers nothing before the interval ends', () => {
    const flush = vi.fn();
    const coalescer = new Coalescer(flush, 200);

    coalescer.push(vehicle('a', T0));
    vi.advanceTimersByTime(199);

    expect(flush).not.toHaveBeenCalled();
  });

  it('delivers one batch with the latest fix per vehicle when the interval ends', () => {
    const flush = vi.fn();
    const coalescer = new Coalescer(flush, 200);
    const a2 = vehicle('a', T0 + 2000);
    const b1 = vehicle('b', T0 + 1000);

    coalescer.push(vehicle('a', T0 + 1000));
    coalescer.push(a2);
    coalescer.push(b1);
    coalescer.push(vehicle('a', T0));
    vi.advanceTimersByTime(200);

    expect(flush).toHaveBeenCalledExactlyOnceWith([a2, b1]);
  });

  it('delivers at most one batch per interval under a steady stream', () => {
    const flush = vi.fn();
    const coalescer = new Coalescer(flush, 200);

    for (let ms = 0; ms < 1000; ms += 10) {
      coalescer.push(vehicle('a', T0 + ms));
      vi.advanceTimersByTime(10);
    }

    expect(flush).toHaveBeenCalledTimes(5);
  });

  it('starts a fresh batch after each delivery', () => {
    const flush = vi.fn();
    const coalescer = new Coalescer(flush, 200);
    const b = vehicle('b', T0);

    coalescer.push(vehicle('a', T0));
    vi.advanceTimersByTime(200);
    coalescer.push(b);
    vi.advanceTimersByTime(200);

    expect(flush).toHaveBeenLastCalledWith([b]);
  });

  it('uses a 200 ms interval by default', () => {
    const flush = vi.fn();
    const coalescer = new Coalescer(flush);

    coalescer.push(vehicle('a', T0));
    vi.advanceTimersByTime(199);
    const before = flush.mock.calls.length;
    vi.advanceTimersByTime(1);

    expect([before, flush.mock.calls.length]).toEqual([0, 1]);
  });

  it('delivers pending fixes at once on drain', () => {
    const flush = vi.fn();
    const coalescer = new Coalescer(flush, 200);
    const a = vehicle('a', T0);

    coalescer.push(a);
    coalescer.drain();

    expect(flush).toHaveBeenCalledExactlyOnceWith([a]);
  });

  it('does not deliver the drained batch again when the timer would have fired', () => {
    const flush = vi.fn();
    const coalescer = new Coalescer(flush, 200);

    coalescer.push(vehicle('a', T0));
    coalescer.drain();
    vi.advanceTimersByTime(1000);

    expect(flush).toHaveBeenCalledTimes(1);
  });

  it('delivers nothing when drained empty', () => {
    const flush = vi.fn();

    new Coalescer(flush, 200).drain();

    expect(flush).not.toHaveBeenCalled();
  });

  it('discards pending fixes on dispose', () => {
    const flush = vi.fn();
    const coalescer = new Coalescer(flush, 200);

    coalescer.push(vehicle('a', T0));
    coalescer.dispose();
    vi.advanceTimersByTime(1000);

    expect(flush).not.toHaveBeenCalled();
  });
});
