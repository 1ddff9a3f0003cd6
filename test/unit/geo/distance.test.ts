import { describe, expect, it } from 'vitest';
import {
  bearingDegrees,
  distanceMeters,
  normalizeHeading,
} from '../../../lib/geo/distance';

describe('distanceMeters', () => {
  it('is 0 between a point and itself', () => {
    expect(distanceMeters({ lat: 30.27, lon: -97.74 }, { lat: 30.27, lon: -97.74 })).toBe(
      0,
    );
  });

  it('measures one degree of latitude as about 111.195 km', () => {
    const d = distanceMeters({ lat: 0, lon: 0 }, { lat: 1, lon: 0 });

    expect(d).toBeCloseTo(111_195.08, 1);
  });

  it('measures half the globe between antipodes on the equator', () => {
    const d = distanceMeters({ lat: 0, lon: 0 }, { lat: 0, lon: 180 });

    expect(d).toBeCloseTo(Math.PI * 6_371_008.8, 3);
  });

  it('measures Big Ben to the Statue of Liberty as about 5575 km', () => {
    const d = distanceMeters(
      { lat: 51.5007, lon: -0.1246 },
      { lat: 40.6892, lon: -74.0445 },
    );

    expect(d / 1000).toBeCloseTo(5574.85, 1);
  });

  it('is the same in both directions', () => {
    const a = { lat: 30.27, lon: -97.74 };
    const b = { lat: 42.28, lon: -83.74 };

    expect(distanceMeters(a, b)).toBe(distanceMeters(b, a));
  });

  it('measures about 16 km across the antimeridian between 179.95 and -179.90 at 17° S', () => {
    const d = distanceMeters({ lat: -17, lon: 179.95 }, { lat: -17, lon: -179.9 });

    expect(d / 1000).toBeCloseTo(15.95, 2);
  });
});

describe('bearingDegrees', () => {
  const from = { lat: 52, lon: 13 };

  it.each([
    ['north', { lat: 52.01, lon: 13 }, 0],
    ['south', { lat: 51.99, lon: 13 }, 180],
  ])('points due %s along a meridian', (_name, to, expected) => {
    expect(bearingDegrees(from, to)).toBeCloseTo(expected, 9);
  });

  it.each([
    ['east', { lat: 52, lon: 13.01 }, 90],
    ['west', { lat: 52, lon: 12.99 }, 270],
  ])('points about due %s along a parallel', (_name, to, expected) => {
    expect(bearingDegrees(from, to)).toBeCloseTo(expected, 1);
  });

  it('points east across the antimeridian from 179.95 to -179.90', () => {
    const b = bearingDegrees({ lat: -17, lon: 179.95 }, { lat: -17, lon: -179.9 });

    expect(b).toBeCloseTo(90, 1);
  });

  it('is 0 between a point and itself', () => {
    expect(bearingDegrees(from, from)).toBe(0);
  });
});

describe('normalizeHeading', () => {
  it.each([
    [-90, 270],
    [360, 0],
    [725, 5],
    [-360, 0],
    [-725, 355],
    [0, 0],
    [359.5, 359.5],
  ])('maps %s to %s', (deg, expected) => {
    expect(normalizeHeading(deg)).toBe(expected);
  });

  it('returns +0 rather than -0', () => {
    expect(Object.is(normalizeHeading(-0), 0)).toBe(true);
  });

  it('returns 0, not 360, for a tiny negative angle', () => {
    expect(normalizeHeading(-1e-14)).toBe(0);
  });
});
