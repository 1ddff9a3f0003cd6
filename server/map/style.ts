import type { SourceSpecification, StyleSpecification } from 'maplibre-gl';
import { CREDITS } from './credits';
import { MAP_PATHS, MAP_SOURCE_IDS as S } from './ids';
import {
  backgroundLayer,
  countyLayers,
  extractLayer,
  landLayer,
  routeLayer,
  stopLayer,
  traceLayer,
} from './layers';
import type { PmtilesInfo } from './pmtiles-file';

export interface StyleInput {
  /** The configured PMTiles archive's header facts, if any. */
  extract: PmtilesInfo | null;
  /** Credit for an archive whose metadata has no `attribution`. */
  extractAttribution: string;
}

/**
 * The `pmtiles://` URL of the local archive with no host. MapLibre's
 * pmtiles protocol needs an absolute http URL after the scheme, which
 * only the page knows: the client rewrites this one with
 * `resolvePmtilesUrls` (lib/map/pmtiles-url.ts) before using the style.
 */
export const EXTRACT_URL = `pmtiles://${MAP_PATHS.extract}`;

/**
 * Most raster archives hold 256-pixel tiles, and the PMTiles header does
 * not say; MapLibre would otherwise assume 512 and draw them blurred.
 */
const RASTER_TILE_SIZE = 256;

/** Opening view over Austin; the client fits to its vehicles anyway. */
const AUSTIN_CENTER: [number, number] = [-97.74, 30.27];

/**
 * A MapLibre v8 style that loads nothing from the network: GeoJSON
 * sources by same-origin path (MapLibre resolves them against the page)
 * and no glyphs or sprite, so it has no symbol layers. The top of the
 * layer stack is left for the dashboard's vehicle layers.
 *
 * A vector (MVT/MLT) archive gets no source and no layer: its schema is
 * unknown here, so it needs its own style, chosen with MAP_STYLE_URL.
 * The archive is still served at /map/extract.pmtiles for that style.
 */
export function buildStyle(input: StyleInput): StyleSpecification {
  const raster = input.extract?.kind === 'raster' ? input.extract : null;
  const sources: Record<string, SourceSpecification> = {
    [S.land]: geojson(MAP_PATHS.land, CREDITS.land),
    [S.counties]: geojson(MAP_PATHS.counties, CREDITS.counties),
    [S.annArborTraces]: geojson(MAP_PATHS.annArborTraces, CREDITS.annArborCars),
    [S.austinRoutes]: geojson(MAP_PATHS.austinRoutes, CREDITS.austinBuses),
    [S.austinStops]: geojson(MAP_PATHS.austinStops, CREDITS.austinBuses),
  };
  if (raster) sources[S.extract] = rasterSource(raster, input.extractAttribution);

  return {
    version: 8,
    name: 'Fleetlight offline basemap',
    center: AUSTIN_CENTER,
    zoom: 10,
    sources,
    layers: [
      backgroundLayer(),
      ...(raster ? [extractLayer()] : []),
      landLayer(raster !== null),
      ...countyLayers(),
      traceLayer(),
      routeLayer(),
      stopLayer(),
    ],
  };
}

function geojson(data: string, attribution: string): SourceSpecification {
  return { type: 'geojson', data, attribution };
}

function rasterSource(info: PmtilesInfo, fallback: string): SourceSpecification {
  return {
    type: 'raster',
    url: EXTRACT_URL,
    tileSize: RASTER_TILE_SIZE,
    minzoom: info.minZoom,
    maxzoom: info.maxZoom,
    bounds: info.bounds,
    attribution: info.attribution ?? fallback,
  };
}
