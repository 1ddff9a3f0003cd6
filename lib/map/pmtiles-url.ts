import type { SourceSpecification, StyleSpecification } from 'maplibre-gl';

/**
 * The server's style names its local archive `pmtiles:///map/…`, with
 * no host, because only the page knows the origin it was served from.
 * MapLibre's pmtiles protocol needs `pmtiles://` followed by an absolute
 * http(s) URL, so the client passes the style through here first.
 */
const HOSTLESS = 'pmtiles:///';

/**
 * A copy of `style` in which every host-less `pmtiles:///path` source
 * URL becomes `pmtiles://${origin}/path`. Every other URL, and the
 * input, are left untouched. `origin` is e.g. `location.origin`.
 */
export function resolvePmtilesUrls(
  style: StyleSpecification,
  origin: string,
): StyleSpecification {
  const base = origin.replace(/\/+$/, '');
  const sources: StyleSpecification['sources'] = {};
  for (const [id, source] of Object.entries(style.sources)) {
    sources[id] = withOrigin(source, base);
  }
  return { ...style, sources };
}

function withOrigin(source: SourceSpecification, base: string): SourceSpecification {
  // Only tiled sources take a TileJSON `url`, so only they can name an archive.
  const tiled =
    source.type === 'vector' || source.type === 'raster' || source.type === 'raster-dem';
  if (!tiled || !source.url?.startsWith(HOSTLESS)) return source;
  return { ...source, url: `pmtiles://${base}/${source.url.slice(HOSTLESS.length)}` };
}
