import { describe, expect, it } from 'vitest';
import { unwrapLongitudes } from '../../../lib/geo/unwrap';
import { trailLine } from '../../../lib/map/trail';

// C09: a trail crossing ±180° near Fiji, one fix a minute.
const C09 = [179.8, 179.95, -179.9, -179.7].map((lon) => [lon, -17]);

const round = (x: number) => Math.round(x * 1e6) / 1e6;

describe('unwrapLongitudes', () => {
  it('keeps a line across the antimeridian short (C09)', () => {
    const line = unwrapLongitudes(C09);

    expect(line.map(([lon]) => round(lon))).toEqual([179.8, 179.95, 180.1, 180.3]);
    const span =
      Math.max(...line.map(([lon]) => lon)) - Math.min(...line.map(([lon]) => lon));
    expect(span).toBeCloseTo(0.5, 6);
  });

  it('leaves a line that crosses nothing as it is', () => {
    const austin = [
      [-97.74, 30.27],
      [-97.73, 30.28],
    ];

    expect(unwrapLongitudes(austin)).toEqual(austin);
  });

  it('unwraps westward as well', () => {
    expect(
      unwrapLongitudes([
        [-179.9, 0],
        [179.9, 0],
      ]).map(([lon]) => lon),
    ).toEqual([-179.9, -180.1]);
  });
});

describe('the selected vehicle trail across the antimeridian', () => {
  it('is drawn as a short line (C09)', () => {
    const t0 = Date.UTC(2026, 2, 10);
    const trail = C09.map(([lon = 0, lat = 0], i) => ({ lon, lat, t: t0 + i * 60_000 }));

    const line = trailLine(trail);

    const lons = line?.geometry.coordinates.map(([lon = 0]) => lon) ?? [];
    expect(Math.max(...lons) - Math.min(...lons)).toBeLessThan(1);
  });
});
