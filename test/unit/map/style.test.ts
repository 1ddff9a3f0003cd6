import { validateStyleMin } from '@maplibre/maplibre-gl-style-spec';
import { describe, expect, it } from 'vitest';
import { CREDITS } from '../../../server/map/credits';
import { MAP_LAYER_IDS, MAP_SOURCE_IDS } from '../../../server/map/ids';
import type { PmtilesInfo } from '../../../server/map/pmtiles-file';
import { buildStyle, EXTRACT_URL } from '../../../server/map/style';

const RASTER: PmtilesInfo = {
  kind: 'raster',
  format: 'png',
  minZoom: 2,
  maxZoom: 9,
  bounds: [-98, 30, -97, 31],
  attribution: null,
};

const offline = () => buildStyle({ extract: null, extractAttribution: 'fallback' });
const withRaster = (info: PmtilesInfo = RASTER) =>
  buildStyle({ extract: info, extractAttribution: 'fallback credit' });

/** Every string value anywhere in a JSON-like value. */
function stringsIn(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(stringsIn);
  if (value && typeof value === 'object') return Object.values(value).flatMap(stringsIn);
  return [];
}

describe('buildStyle', () => {
  it('validates against the MapLibre style spec', () => {
    expect(validateStyleMin(offline())).toEqual([]);
  });

  it('validates against the spec with a raster extract', () => {
    expect(validateStyleMin(withRaster())).toEqual([]);
  });

  it('has no glyphs, no sprite and no symbol layer', () => {
    const style = withRaster();

    expect(style).not.toHaveProperty('glyphs');
    expect(style).not.toHaveProperty('sprite');
    expect(style.layers.filter((l) => l.type === 'symbol')).toEqual([]);
  });

  it('names no network URL', () => {
    // Any scheme URL or protocol-relative URL holds a double slash.
    const urls = stringsIn(withRaster()).filter((s) => s.includes('//'));

    expect(urls).toEqual([EXTRACT_URL]);
    expect(EXTRACT_URL).toBe('pmtiles:///map/extract.pmtiles');
  });

  it('points every GeoJSON source at a path under /map/', () => {
    const data = Object.values(offline().sources).map((s) =>
      s.type === 'geojson' ? s.data : null,
    );

    expect(data).toEqual([
      '/map/land.geojson',
      '/map/counties.geojson',
      '/map/ann-arbor-traces.geojson',
      '/map/austin-routes.geojson',
      '/map/austin-stops.geojson',
    ]);
  });

  it('credits the data behind every source', () => {
    const style = withRaster();
    const credits = Object.values(style.sources).map((s) =>
      'attribution' in s ? s.attribution : undefined,
    );

    expect(credits).toEqual([
      CREDITS.land,
      CREDITS.counties,
      CREDITS.annArborCars,
      CREDITS.austinBuses,
      CREDITS.austinBuses,
      'fallback credit',
    ]);
  });

  it('orders the layers bottom to top as MAP_LAYER_IDS lists them', () => {
    const ids = withRaster().layers.map((l) => l.id);

    expect(ids).toEqual(Object.values(MAP_LAYER_IDS));
  });

  it('leaves the extract layer out when no archive is configured', () => {
    const ids = offline().layers.map((l) => l.id);

    expect(ids).not.toContain(MAP_LAYER_IDS.extract);
    expect(offline().sources).not.toHaveProperty(MAP_SOURCE_IDS.extract);
  });

  it('shows stops only from zoom 12', () => {
    const stops = offline().layers.find((l) => l.id === MAP_LAYER_IDS.austinStops);

    expect(stops).toMatchObject({ type: 'circle', minzoom: 12 });
  });

  it('takes the raster source zoom range and bounds from the header', () => {
    const source = withRaster().sources[MAP_SOURCE_IDS.extract];

    expect(source).toEqual({
      type: 'raster',
      url: 'pmtiles:///map/extract.pmtiles',
      tileSize: 256,
      minzoom: 2,
      maxzoom: 9,
      bounds: [-98, 30, -97, 31],
      attribution: 'fallback credit',
    });
  });

  it("prefers the archive's own attribution to the fallback", () => {
    const style = withRaster({ ...RASTER, attribution: '© Archive' });

    expect(style.sources[MAP_SOURCE_IDS.extract]).toHaveProperty(
      'attribution',
      '© Archive',
    );
  });

  it('adds no source and no layer for a vector archive', () => {
    const style = withRaster({ ...RASTER, kind: 'vector', format: null });

    expect(style.sources).not.toHaveProperty(MAP_SOURCE_IDS.extract);
    expect(style.layers.map((l) => l.id)).not.toContain(MAP_LAYER_IDS.extract);
  });
});
