import { describe, expect, it } from 'vitest';
import {
  fixAge,
  fixDelay,
  fleetFreshness,
  formatDelayMs,
} from '../../../lib/fleet/freshness';
import { explainDelay } from '../../../lib/fleet/freshness-text';

const T0 = Date.UTC(2026, 2, 10, 15, 0, 0);

describe('fixDelay', () => {
  it('is the time from the device clock to this browser receiving the fix', () => {
    expect(fixDelay({ deviceTime: T0, receivedAt: T0 + 1_500 }, 0)).toBe(1_500);
  });

  it('allows for a browser clock that is behind the server', () => {
    // The browser says T0 + 500 when the server says T0 + 3500.
    expect(fixDelay({ deviceTime: T0, receivedAt: T0 + 500 }, 3_000)).toBe(3_500);
  });

  it('is never negative when the device clock runs ahead', () => {
    expect(fixDelay({ deviceTime: T0 + 2_000, receivedAt: T0 }, 0)).toBe(0);
  });
});

describe('fixAge', () => {
  it('is how old the fix is now, on the server clock', () => {
    expect(fixAge({ deviceTime: T0 }, T0 + 10_000, -4_000)).toBe(6_000);
  });
});

describe('fleetFreshness', () => {
  it('takes the median and the worst delay of recent fixes', () => {
    const fixes = [1_000, 3_000, 2_000, 9_000].map((d) => ({
      deviceTime: T0 - d,
      receivedAt: T0,
    }));

    expect(fleetFreshness(fixes, T0, 0)).toEqual({
      median: 2_500,
      worst: 9_000,
      count: 4,
    });
  });

  it('leaves out vehicles that have not reported within the window', () => {
    const parked = { deviceTime: T0 - 3_600_000, receivedAt: T0 - 3_600_000 + 800 };
    const moving = { deviceTime: T0 - 1_200, receivedAt: T0 - 1_000 };

    expect(fleetFreshness([parked, moving], T0, 0)).toEqual({
      median: 200,
      worst: 200,
      count: 1,
    });
  });

  it('leaves out fixes that came with the snapshot', () => {
    const old = { deviceTime: T0 - 90_000, receivedAt: T0, fromSnapshot: true as const };
    const live = { deviceTime: T0 - 700, receivedAt: T0 };

    expect(fleetFreshness([old, live], T0, 0)).toEqual({
      median: 700,
      worst: 700,
      count: 1,
    });
  });

  it('says null when nothing has reported', () => {
    expect(fleetFreshness([], T0, 0)).toEqual({ median: null, worst: null, count: 0 });
  });
});

describe('formatDelayMs', () => {
  it('shows tenths below ten seconds, then seconds, minutes and hours', () => {
    expect(formatDelayMs(840)).toBe('0.8 s');
    expect(formatDelayMs(12_400)).toBe('12 s');
    expect(formatDelayMs(180_000)).toBe('3 min');
    expect(formatDelayMs(3 * 3_600_000)).toBe('3 h');
  });

  it('rounds minutes down, as ages do', () => {
    expect(formatDelayMs(299_000)).toBe('4 min');
  });
});

describe('explainDelay', () => {
  it("names the fix's time in the fleet's zone and the delay", () => {
    expect(explainDelay(T0, 1_200, 0, 'America/Chicago')).toBe(
      "Position taken at 10:00 CDT by the device's clock; it reached this screen " +
        '1.2 s later (device to server to browser).',
    );
  });

  it('says when the fix came with the snapshot, not live', () => {
    expect(explainDelay(T0, 90_000, 0, 'UTC', true)).toBe(
      "Position taken at 15:00 UTC by the device's clock; none has come live since " +
        'this page connected 90 s after it was taken.',
    );
  });

  it("says when this browser's clock was corrected", () => {
    expect(explainDelay(T0, 1_200, 5_000, 'UTC')).toMatch(
      /This browser's clock is 5\.0 s behind the server's/,
    );
  });
});
