import type { StyleSpecification } from 'maplibre-gl';
import { describe, expect, it } from 'vitest';
import { resolvePmtilesUrls } from '../../../lib/map/pmtiles-url';

function styleWith(sources: StyleSpecification['sources']): StyleSpecification {
  return { version: 8, sources, layers: [] };
}

describe('resolvePmtilesUrls', () => {
  it('puts the origin into a host-less pmtiles URL', () => {
    const style = styleWith({
      extract: { type: 'raster', url: 'pmtiles:///map/extract.pmtiles' },
    });

    const resolved = resolvePmtilesUrls(style, 'http://127.0.0.1:3000');

    expect(resolved.sources.extract).toEqual({
      type: 'raster',
      url: 'pmtiles://http://127.0.0.1:3000/map/extract.pmtiles',
    });
  });

  it('drops a trailing slash from the origin', () => {
    const style = styleWith({ v: { type: 'vector', url: 'pmtiles:///a.pmtiles' } });

    const resolved = resolvePmtilesUrls(style, 'https://fleet.example/');

    expect(resolved.sources.v).toHaveProperty(
      'url',
      'pmtiles://https://fleet.example/a.pmtiles',
    );
  });

  it('leaves other URLs and GeoJSON paths alone', () => {
    const sources: StyleSpecification['sources'] = {
      remote: { type: 'raster', url: 'pmtiles://https://tiles.example/x.pmtiles' },
      tilejson: { type: 'vector', url: '/map/tiles.json' },
      land: { type: 'geojson', data: '/map/land.geojson' },
    };

    const resolved = resolvePmtilesUrls(styleWith(sources), 'http://127.0.0.1:3000');

    expect(resolved.sources).toEqual(sources);
  });

  it('does not change the style it is given', () => {
    const style = styleWith({ e: { type: 'raster', url: 'pmtiles:///e.pmtiles' } });

    resolvePmtilesUrls(style, 'http://127.0.0.1:3000');

    expect(style.sources.e).toHaveProperty('url', 'pmtiles:///e.pmtiles');
  });
});
