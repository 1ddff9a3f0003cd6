import type { LayerSpecification, PropertyValueSpecification } from 'maplibre-gl';
import { MAP_LAYER_IDS as L, MAP_SOURCE_IDS as S } from './ids';

/**
 * A light, low-contrast palette: everything the basemap draws stays
 * greyish and thin, so whatever the dashboard draws above it
 * (vehicles, trails, alerts) is the first thing the eye finds.
 */
const PALETTE = {
  water: '#d5dde3',
  land: '#f4f2ee',
  countyFill: '#ebe7df',
  countyLine: '#b8b2a7',
  trace: '#c9b394',
  route: '#9fb0c1',
  stopFill: '#ffffff',
  stopLine: '#8797a7',
} as const;

/** Zoom at which stops appear; below it they are only noise. */
export const STOPS_MIN_ZOOM = 12;

/** Grows a width or radius linearly with zoom between two stops. */
function byZoom(
  z0: number,
  v0: number,
  z1: number,
  v1: number,
): PropertyValueSpecification<number> {
  return ['interpolate', ['linear'], ['zoom'], z0, v0, z1, v1];
}

const ROUND = { 'line-join': 'round', 'line-cap': 'round' } as const;

export function backgroundLayer(): LayerSpecification {
  return {
    id: L.background,
    type: 'background',
    paint: { 'background-color': PALETTE.water },
  };
}

/**
 * Raster tiles are softened: black lifted to mid-grey and colour taken
 * out, so a high-contrast archive (Toner) reads as a quiet backdrop.
 */
export function extractLayer(): LayerSpecification {
  return {
    id: L.extract,
    type: 'raster',
    source: S.extract,
    paint: {
      'raster-saturation': -1,
      'raster-brightness-min': 0.55,
      'raster-brightness-max': 0.97,
      'raster-contrast': -0.2,
    },
  };
}

/** Land is translucent over a raster extract so its detail shows. */
export function landLayer(overRaster: boolean): LayerSpecification {
  return {
    id: L.land,
    type: 'fill',
    source: S.land,
    paint: { 'fill-color': PALETTE.land, 'fill-opacity': overRaster ? 0.5 : 1 },
  };
}

export function countyLayers(): LayerSpecification[] {
  return [
    {
      id: L.countiesFill,
      type: 'fill',
      source: S.counties,
      paint: { 'fill-color': PALETTE.countyFill, 'fill-opacity': 0.6 },
    },
    {
      id: L.countiesLine,
      type: 'line',
      source: S.counties,
      layout: { 'line-join': 'round' },
      paint: {
        'line-color': PALETTE.countyLine,
        'line-width': byZoom(5, 0.5, 12, 1.5),
        'line-dasharray': [3, 2],
      },
    },
  ];
}

export function traceLayer(): LayerSpecification {
  return {
    id: L.annArborTraces,
    type: 'line',
    source: S.annArborTraces,
    layout: ROUND,
    paint: {
      'line-color': PALETTE.trace,
      'line-width': byZoom(9, 1, 16, 3.5),
      'line-opacity': 0.85,
    },
  };
}

export function routeLayer(): LayerSpecification {
  return {
    id: L.austinRoutes,
    type: 'line',
    source: S.austinRoutes,
    layout: ROUND,
    paint: {
      'line-color': PALETTE.route,
      'line-width': byZoom(9, 0.75, 16, 3),
      'line-opacity': 0.85,
    },
  };
}

export function stopLayer(): LayerSpecification {
  return {
    id: L.austinStops,
    type: 'circle',
    source: S.austinStops,
    minzoom: STOPS_MIN_ZOOM,
    paint: {
      'circle-color': PALETTE.stopFill,
      'circle-radius': byZoom(STOPS_MIN_ZOOM, 1.5, 17, 4),
      'circle-stroke-color': PALETTE.stopLine,
      'circle-stroke-width': 1,
    },
  };
}
