import { describe, expect, it } from 'vitest';
import {
  capTrail,
  extendTrail,
  mergeTrail,
  trailLine,
  type TrailLimits,
  type TrailPoint,
} from '../../../lib/map/trail';

const LIMITS: TrailLimits = { maxPoints: 4, maxAgeMs: 60_000, maxJumpKm: 5 };

/** A point `i` seconds in, a little further north each second (~11 m). */
function at(i: number, lat = 30.27 + i * 0.0001): TrailPoint {
  return { t: i * 1000, lat, lon: -97.74 };
}

describe('extendTrail', () => {
  it('appends a newer fix', () => {
    expect(extendTrail([at(1)], at(2), LIMITS)).toEqual([at(1), at(2)]);
  });

  it('returns the same trail for a fix no newer than the last', () => {
    const trail = [at(1), at(2)];

    expect(extendTrail(trail, at(2), LIMITS)).toBe(trail);
    expect(extendTrail(trail, at(1), LIMITS)).toBe(trail);
  });

  it('keeps only the newest points past the count limit', () => {
    let trail: readonly TrailPoint[] = [];
    for (let i = 1; i <= 6; i++) trail = extendTrail(trail, at(i), LIMITS);

    expect(trail).toEqual([at(3), at(4), at(5), at(6)]);
  });

  it('drops points older than the age limit behind the newest', () => {
    const trail = extendTrail([at(0), at(30)], at(75), LIMITS);

    expect(trail).toEqual([at(30), at(75)]);
  });

  it('starts afresh after a jump longer than the limit', () => {
    const far = at(3, 30.4);

    expect(extendTrail([at(1), at(2)], far, LIMITS)).toEqual([far]);
  });
});

describe('mergeTrail', () => {
  it('orders stored and live points by time, one per instant', () => {
    const merged = mergeTrail([at(1), at(2), at(3)], [at(3), at(4)], LIMITS);

    expect(merged).toEqual([at(1), at(2), at(3), at(4)]);
  });

  it('caps the merged trail', () => {
    const stored = [at(1), at(2), at(3), at(4)];

    expect(mergeTrail(stored, [at(5), at(6)], LIMITS)).toEqual([
      at(3),
      at(4),
      at(5),
      at(6),
    ]);
  });

  it('keeps only what follows the last jump', () => {
    const far = at(3, 30.4);

    expect(mergeTrail([at(1), at(2)], [far, at(4, 30.4001)], LIMITS)).toEqual([
      far,
      at(4, 30.4001),
    ]);
  });
});

describe('capTrail', () => {
  it('returns the same array when nothing is over the limits', () => {
    const trail = [at(1), at(2)];

    expect(capTrail(trail, LIMITS)).toBe(trail);
  });
});

describe('trailLine', () => {
  it('draws the points oldest first as longitude, latitude', () => {
    expect(trailLine([at(1), at(2)])?.geometry.coordinates).toEqual([
      [-97.74, at(1).lat],
      [-97.74, at(2).lat],
    ]);
  });

  it('draws the newest step only as far as the head has come', () => {
    const line = trailLine([at(0), at(1), at(3)], 0.5);

    expect(line?.geometry.coordinates).toEqual([
      [-97.74, at(0).lat],
      [-97.74, at(1).lat],
      [-97.74, (at(1).lat + at(3).lat) / 2],
    ]);
  });

  it('draws nothing from a single point', () => {
    expect(trailLine([at(1)])).toBeNull();
  });
});
