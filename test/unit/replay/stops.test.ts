import { describe, expect, it } from 'vitest';
import { findStops } from '../../../lib/replay/stops';
import type { ReplayPoint } from '../../../lib/replay/track';

const MIN = 60_000;

/** Drives, stands two minutes at 30.01, drives on. */
function track(): ReplayPoint[] {
  return [
    { t: 0, lat: 30, lon: -97, speed: 40 },
    { t: MIN, lat: 30.01, lon: -97, speed: 0 },
    { t: 2 * MIN, lat: 30.01, lon: -97.0001, speed: 1 },
    { t: 3 * MIN, lat: 30.01, lon: -97, speed: 0 },
    { t: 4 * MIN, lat: 30.02, lon: -97, speed: 40 },
  ];
}

describe('findStops', () => {
  it('finds a run of slow fixes in one place', () => {
    expect(findStops(track())).toEqual([
      { start: MIN, end: 3 * MIN, lat: 30.01, lon: -97 },
    ]);
  });

  it('ignores a stand shorter than the minimum', () => {
    expect(findStops(track(), { minDurationMs: 3 * MIN })).toEqual([]);
  });

  it('splits a slow crawl that leaves the radius', () => {
    const crawl: ReplayPoint[] = [0, 1, 2, 3].map((i) => ({
      t: i * MIN,
      lat: 30 + i * 0.001,
      lon: -97,
      speed: 1,
    }));

    expect(findStops(crawl)).toEqual([]);
  });

  it('counts fixes without a speed when they stay in place', () => {
    const still: ReplayPoint[] = [
      { t: 0, lat: 30, lon: -97 },
      { t: 2 * MIN, lat: 30, lon: -97 },
    ];

    expect(findStops(still)).toEqual([{ start: 0, end: 2 * MIN, lat: 30, lon: -97 }]);
  });
});
