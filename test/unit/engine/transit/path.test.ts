import { describe, expect, it } from 'vitest';
import { buildPath, projectOnPath } from '../../../../server/engine/transit/path';
import { latAt, LON } from './fixtures';

const point = (km: number, eastDeg = 0): { lat: number; lon: number } => ({
  lat: latAt(km),
  lon: LON + eastDeg,
});

describe('buildPath', () => {
  it('measures the distance along the path at each point', () => {
    const path = buildPath([point(0), point(1), point(3)]);

    expect(path.cumKm.map((km) => Number(km.toFixed(9)))).toEqual([0, 1, 3]);
    expect(Number(path.lengthKm.toFixed(9))).toBe(3);
  });
});

describe('projectOnPath', () => {
  const straight = buildPath([point(0), point(1), point(2)]);
  // Out 2 km north, then back the same street.
  const outAndBack = buildPath([point(0), point(1), point(2), point(1), point(0)]);

  it('finds the point on the path nearest a fix beside it', () => {
    const hit = projectOnPath(straight, point(1.5, 0.001));

    expect(hit?.alongKm).toBeCloseTo(1.5, 9);
    expect(hit?.offsetKm).toBeCloseTo(0.096, 3);
  });

  it('places a fix on the way out when the bus is expected there', () => {
    const window = { fromKm: 0, toKm: 4, expectedKm: 1 };

    expect(projectOnPath(outAndBack, point(1.2), window)?.alongKm).toBeCloseTo(1.2, 9);
  });

  it('places the same fix on the way back when the bus is past the turn', () => {
    const window = { fromKm: 2.4, toKm: 4, expectedKm: 2.6 };

    expect(projectOnPath(outAndBack, point(1.2), window)?.alongKm).toBeCloseTo(2.8, 9);
  });

  it('keeps the result inside the search window', () => {
    const window = { fromKm: 1.8, toKm: 2.2, expectedKm: 2 };

    expect(projectOnPath(straight, point(0.5), window)?.alongKm).toBeCloseTo(1.8, 9);
  });
});
