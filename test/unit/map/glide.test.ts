import { describe, expect, it } from 'vitest';
import {
  MAX_GLIDE_MS,
  MIN_GLIDE_MS,
  glidePosition,
  isGliding,
  startGlide,
} from '../../../lib/map/glide';

const NOW = 1_000_000;

describe('startGlide', () => {
  it('draws a vehicle with no previous position where it is, without gliding', () => {
    const glide = startGlide(undefined, [13.4, 52.5], NOW, 5000);

    expect(glide).toEqual({
      fromLon: 13.4,
      fromLat: 52.5,
      toLon: 13.4,
      toLat: 52.5,
      start: NOW,
      duration: 0,
    });
  });

  it('glides from the drawn position to the new fix over the expected interval', () => {
    const glide = startGlide([13.4, 52.5], [13.41, 52.5], NOW, 5000);

    expect(glide).toEqual({
      fromLon: 13.4,
      fromLat: 52.5,
      toLon: 13.41,
      toLat: 52.5,
      start: NOW,
      duration: 5000,
    });
  });

  it('glides a move just under 3 km', () => {
    // 0.026° of latitude is about 2.9 km.
    const glide = startGlide([13.4, 52.5], [13.4, 52.526], NOW, 5000);

    expect(glide.duration).toBe(5000);
  });

  it('snaps a move over 3 km instead of drawing it as travel', () => {
    // 0.028° of latitude is about 3.1 km.
    const glide = startGlide([13.4, 52.5], [13.4, 52.528], NOW, 5000);

    expect(glide).toMatchObject({ fromLon: 13.4, fromLat: 52.528, duration: 0 });
  });

  it.each([
    [0, MIN_GLIDE_MS],
    [100, MIN_GLIDE_MS],
    [5000, 5000],
    [60_000, MAX_GLIDE_MS],
  ])('turns an expected interval of %s ms into a %s ms glide', (interval, duration) => {
    expect(startGlide([13.4, 52.5], [13.41, 52.5], NOW, interval).duration).toBe(
      duration,
    );
  });
});

describe('glidePosition', () => {
  const glide = startGlide([13.4, 52.5], [13.42, 52.51], NOW, 4000);

  it('is at the start position when the glide starts', () => {
    expect(glidePosition(glide, NOW)).toEqual([13.4, 52.5]);
  });

  it('interpolates linearly part of the way through', () => {
    const [lon, lat] = glidePosition(glide, NOW + 1000);

    expect(lon).toBeCloseTo(13.405, 9);
    expect(lat).toBeCloseTo(52.5025, 9);
  });

  it('stays at the start position for a time before the glide starts', () => {
    expect(glidePosition(glide, NOW - 500)).toEqual([13.4, 52.5]);
  });

  it('is at the target once the glide has ended', () => {
    expect(glidePosition(glide, NOW + 4000)).toEqual([13.42, 52.51]);
  });

  it('is at the target at once for a snapped move', () => {
    const snapped = startGlide(undefined, [13.42, 52.51], NOW, 4000);

    expect(glidePosition(snapped, NOW)).toEqual([13.42, 52.51]);
  });
});

describe('isGliding', () => {
  it('is true until the glide ends', () => {
    const glide = startGlide([13.4, 52.5], [13.41, 52.5], NOW, 1000);

    expect([isGliding(glide, NOW + 999), isGliding(glide, NOW + 1000)]).toEqual([
      true,
      false,
    ]);
  });

  it('is false for a vehicle drawn without gliding', () => {
    expect(isGliding(startGlide(undefined, [13.4, 52.5], NOW, 1000), NOW)).toBe(false);
  });
});

describe('crossing the antimeridian (field case C09)', () => {
  /** Every drawn longitude, sampled through the glide. */
  function drawnLongitudes(from: [number, number], to: [number, number]): number[] {
    const glide = startGlide(from, to, NOW, 1000);
    const lons: number[] = [];
    for (let ms = 0; ms <= 1000; ms += 50) lons.push(glidePosition(glide, NOW + ms)[0]);
    return lons;
  }

  it('goes the short way eastwards, from 179.99 to -179.99', () => {
    const glide = startGlide([179.99, -17], [-179.99, -17], NOW, 1000);

    const [midLon] = glidePosition(glide, NOW + 500);

    expect(Math.abs(midLon)).toBeCloseTo(180, 9);
  });

  it('goes the short way westwards, from -179.99 to 179.99', () => {
    const glide = startGlide([-179.99, -17], [179.99, -17], NOW, 1000);

    const [midLon] = glidePosition(glide, NOW + 500);

    expect(Math.abs(midLon)).toBeCloseTo(180, 9);
  });

  it('never draws a longitude away from the antimeridian or outside ±180', () => {
    const lons = drawnLongitudes([179.99, -17], [-179.99, -17]);

    expect(lons.filter((lon) => Math.abs(lon) < 179.98 || Math.abs(lon) > 180)).toEqual(
      [],
    );
  });

  it('snaps the 16 km move from 179.95 to -179.90 and never draws it near 0', () => {
    // 0.15° of longitude at 17° S is about 16 km: beyond the 3 km glide.
    const lons = drawnLongitudes([179.95, -17], [-179.9, -17]);

    expect(new Set(lons)).toEqual(new Set([-179.9]));
  });
});
