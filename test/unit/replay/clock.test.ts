import { describe, expect, it } from 'vitest';
import { advance, skipGap, stepTo } from '../../../lib/replay/clock';
import type { ReplayPoint } from '../../../lib/replay/track';

const span = { start: 1_000, end: 61_000 };

describe('advance', () => {
  it('moves by the elapsed time times the speed', () => {
    expect(advance(1_000, 500, 20, span)).toEqual({ t: 11_000, ended: false });
  });

  it('stops at the end and says so', () => {
    expect(advance(60_000, 1_000, 5, span)).toEqual({ t: 61_000, ended: true });
  });

  it('never goes back for a negative elapsed time', () => {
    expect(advance(5_000, -100, 1, span)).toEqual({ t: 5_000, ended: false });
  });
});

describe('stepTo', () => {
  const points: ReplayPoint[] = [
    { t: 1_000, lat: 30, lon: -97 },
    { t: 5_000, lat: 30, lon: -97 },
    { t: 9_000, lat: 30, lon: -97 },
  ];

  it('goes forward to the next fix', () => {
    expect(stepTo(points, 1_000, 1)).toBe(5_000);
    expect(stepTo(points, 6_000, 1)).toBe(9_000);
  });

  it('goes back to the previous fix', () => {
    expect(stepTo(points, 5_000, -1)).toBe(1_000);
    expect(stepTo(points, 6_000, -1)).toBe(5_000);
  });

  it('stays at either end', () => {
    expect(stepTo(points, 9_000, 1)).toBe(9_000);
    expect(stepTo(points, 1_000, -1)).toBe(1_000);
  });

  it('goes from before the first fix to the first', () => {
    expect(stepTo(points, 0, 1)).toBe(1_000);
  });

  it('leaves t alone on an empty track', () => {
    expect(stepTo([], 7, 1)).toBe(7);
  });
});

describe('skipGap', () => {
  const points: ReplayPoint[] = [
    { t: 0, lat: 30, lon: -97 },
    { t: 1_000, lat: 30, lon: -97 },
    { t: 90_000, lat: 30, lon: -97 },
  ];

  it('moves a time inside a long silence to the fix that ends it', () => {
    expect(skipGap(points, 2_000, 30_000)).toBe(90_000);
  });

  it('leaves a time between close fixes alone', () => {
    expect(skipGap(points, 500, 30_000)).toBe(500);
    expect(skipGap(points, 1_000, 30_000)).toBe(1_000);
  });
});
