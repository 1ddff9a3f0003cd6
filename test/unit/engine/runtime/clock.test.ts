import { describe, expect, it } from 'vitest';
import { VehicleClock } from '../../../../server/engine/clock';
import { MINUTE, SECOND, T0 } from './support';

describe('VehicleClock', () => {
  it('leaves device time unchanged at scale 1', () => {
    const clock = new VehicleClock(1);
    clock.physical(T0);

    expect([clock.physical(T0 + 5 * MINUTE), clock.device(T0 + 5 * MINUTE)]).toEqual([
      T0 + 5 * MINUTE,
      T0 + 5 * MINUTE,
    ]);
  });

  it('maps the first device time it sees onto itself', () => {
    const clock = new VehicleClock(10);

    expect(clock.physical(T0)).toBe(T0);
  });

  it('stretches device time after the first fix tenfold at scale 10', () => {
    const clock = new VehicleClock(10);
    clock.physical(T0);

    expect(clock.physical(T0 + MINUTE)).toBe(T0 + 10 * MINUTE);
  });

  it('converts physical time back to device time at scale 10', () => {
    const clock = new VehicleClock(10);
    clock.physical(T0);

    expect(clock.device(T0 + 600 * SECOND)).toBe(T0 + 60 * SECOND);
  });

  it('round-trips a device time through physical time', () => {
    const clock = new VehicleClock(60);
    clock.physical(T0);

    expect(clock.device(clock.physical(T0 + 1234))).toBe(T0 + 1234);
  });

  it('passes a time through before it has seen any fix', () => {
    expect(new VehicleClock(10).device(T0)).toBe(T0);
  });

  it('shortens a physical duration by the scale', () => {
    expect(new VehicleClock(10).deviceDuration(10 * MINUTE)).toBe(MINUTE);
  });
});
