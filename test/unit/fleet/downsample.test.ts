import { describe, expect, it } from 'vitest';
import { downsample, recentWindow } from '../../../lib/fleet/downsample';

const value = (p: { v: number }) => p.v;

describe('downsample', () => {
  it('returns a short series as it is', () => {
    const points = [{ v: 1 }, { v: 2 }, { v: 3 }];

    expect(downsample(points, 10, value)).toEqual(points);
  });

  it('keeps no more points than asked, the first and the last among them', () => {
    const points = Array.from({ length: 36_000 }, (_, i) => ({ v: Math.sin(i / 50) }));

    const out = downsample(points, 160, value);

    expect(out).toHaveLength(160);
    expect(out[0]).toBe(points[0]);
    expect(out.at(-1)).toBe(points.at(-1));
  });

  it('keeps a one-point spike visible', () => {
    const points = Array.from({ length: 10_000 }, (_, i) => ({
      v: i === 4_321 ? 99 : 1,
    }));

    expect(downsample(points, 50, value)).toContain(points[4_321]);
  });

  it('keeps the points in time order', () => {
    const points = Array.from({ length: 5_000 }, (_, i) => ({ v: (i * 7919) % 13, i }));

    const order = downsample(points, 100, value).map((p) => p.i);

    expect(order).toEqual([...order].sort((a, b) => a - b));
  });
});

describe('recentWindow', () => {
  it('keeps the points within the span before the newest', () => {
    const points = [0, 10, 20, 30, 40].map((at) => ({ at }));

    expect(recentWindow(points, 20, (p) => p.at)).toEqual([
      { at: 20 },
      { at: 30 },
      { at: 40 },
    ]);
  });

  it('returns nothing for nothing', () => {
    expect(recentWindow([], 20, (p: { at: number }) => p.at)).toEqual([]);
  });
});
