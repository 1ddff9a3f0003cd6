import { describe, expect, it } from 'vitest';
import { StopDetector } from '../../../../server/engine/stops';

const S = 1000;

describe('StopDetector', () => {
  it('reports a halt with its dwell time when the vehicle moves off', () => {
    const d = new StopDetector();
    expect(d.step(0, 42.28, -83.74, 30)).toEqual([]);
    expect(d.step(10 * S, 42.281, -83.74, 0)).toEqual([]);
    expect(d.step(50 * S, 42.281, -83.74, 1)).toEqual([]);
    expect(d.step(70 * S, 42.282, -83.74, 25)).toEqual([
      { at: 10 * S, dwellS: 60, lat: 42.281, lon: -83.74 },
    ]);
  });

  it('ignores a halt shorter than 30 s (traffic)', () => {
    const d = new StopDetector();
    d.step(0, 1, 1, 0);
    expect(d.step(20 * S, 1, 1, 30)).toEqual([]);
  });

  it('judges nothing without a speed', () => {
    const d = new StopDetector();
    d.step(0, 1, 1, 0);
    expect(d.step(60 * S, 1, 1, undefined)).toEqual([]);
    expect(d.step(90 * S, 1, 1, 20)).toEqual([{ at: 0, dwellS: 90, lat: 1, lon: 1 }]);
  });

  it('forgets a halt in progress on reset', () => {
    const d = new StopDetector();
    d.step(0, 1, 1, 0);
    d.reset();
    expect(d.step(90 * S, 1, 1, 20)).toEqual([]);
  });
});
