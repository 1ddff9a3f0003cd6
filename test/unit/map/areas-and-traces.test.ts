import { describe, expect, it } from 'vitest';
import { buildAnnArborTraces } from '../../../server/map/ann-arbor-traces';
import { buildCounties } from '../../../server/map/counties';
import { buildLand } from '../../../server/map/land';
import { DATA_DIR } from './support/paths';
import { inside, positionsOf, type Box } from './support/geojson';

const ANN_ARBOR: Box = { west: -84.2, south: 42.0, east: -83.3, north: 42.6 };
const WORLD: Box = { west: -180, south: -90, east: 180, north: 90 };

function badPoints(coordinates: unknown, box: Box): [number, number][] {
  return positionsOf(coordinates).filter(
    (p) =>
      !Number.isFinite(p[0]) ||
      !Number.isFinite(p[1]) ||
      (p[0] === 0 && p[1] === 0) ||
      !inside(p, box),
  );
}

describe('buildAnnArborTraces', () => {
  it('draws one line per recorded trip', async () => {
    const traces = await buildAnnArborTraces(DATA_DIR);

    expect(traces.features).toHaveLength(12);
    expect(traces.features.map((f) => f.geometry.type)).toEqual(
      Array(12).fill('LineString'),
    );
  });

  it('drops the fixes the logger repeats between GPS updates', async () => {
    const traces = await buildAnnArborTraces(DATA_DIR);

    for (const { geometry } of traces.features) {
      const repeats = geometry.coordinates.filter((p, i, all) => {
        const prev = all[i - 1];
        return prev !== undefined && prev[0] === p[0] && prev[1] === p[1];
      });
      expect(repeats).toEqual([]);
    }
  });

  it('keeps every point in Ann Arbor as finite [lon, lat]', async () => {
    const traces = await buildAnnArborTraces(DATA_DIR);
    const coordinates = traces.features.map((f) => f.geometry.coordinates);

    expect(badPoints(coordinates, ANN_ARBOR)).toEqual([]);
  });
});

describe('buildCounties', () => {
  it("merges both cities' counties", async () => {
    const counties = await buildCounties(DATA_DIR);
    const names = counties.features.map((f) => f.properties.name);

    expect(names).toHaveLength(13);
    expect(names).toEqual(expect.arrayContaining(['Travis', 'Washtenaw']));
  });
});

describe('buildLand', () => {
  it('decodes world land into valid polygons', async () => {
    const land = await buildLand();
    const coordinates = land.features.map((f) => f.geometry.coordinates);

    expect(land.features.length).toBeGreaterThan(0);
    expect(positionsOf(coordinates).length).toBeGreaterThan(10_000);
    expect(badPoints(coordinates, WORLD)).toEqual([]);
  });
});

describe('the public basemap', () => {
  it('names no vehicle or trip in the Ann Arbor traces', async () => {
    const traces = await buildAnnArborTraces(DATA_DIR);
    expect(traces.features.every((f) => Object.keys(f.properties).length === 0)).toBe(
      true,
    );
  });
});
