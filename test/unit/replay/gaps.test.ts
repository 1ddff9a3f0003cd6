import { describe, expect, it } from 'vitest';
import { gapThreshold, splitAtGaps } from '../../../lib/replay/gaps';
import type { ReplayPoint } from '../../../lib/replay/track';

const at = (...times: number[]): ReplayPoint[] =>
  times.map((t) => ({ t, lat: 30, lon: -97 }));

describe('gapThreshold', () => {
  it('is ten times the median interval', () => {
    expect(gapThreshold(at(0, 30_000, 60_000, 90_000, 400_000))).toBe(300_000);
  });

  it('is at least 30 s', () => {
    expect(gapThreshold(at(0, 1_000, 2_000, 3_000))).toBe(30_000);
    expect(gapThreshold([])).toBe(30_000);
  });
});

describe('splitAtGaps', () => {
  it('cuts the track where the silence is longer than the gap', () => {
    const runs = splitAtGaps(at(0, 1_000, 60_000, 61_000), 30_000);

    expect(runs.map((r) => r.map((p) => p.t))).toEqual([
      [0, 1_000],
      [60_000, 61_000],
    ]);
  });

  it('keeps a track without gaps whole and answers none for none', () => {
    expect(splitAtGaps(at(0, 1_000, 2_000), 30_000)).toHaveLength(1);
    expect(splitAtGaps([], 30_000)).toEqual([]);
  });
});
