/**
 * Names shared by the style, the HTTP routes and the client. Pure
 * constants with no Node imports, so the browser bundle may use them,
 * e.g. to find the basemap's top layer before adding vehicles above.
 */

/** Layer ids in drawing order, bottom first. */
export const MAP_LAYER_IDS = {
  background: 'fl-background',
  /** Present only when a raster PMTiles archive is configured. */
  extract: 'fl-extract-raster',
  land: 'fl-land',
  countiesFill: 'fl-counties-fill',
  countiesLine: 'fl-counties-line',
  annArborTraces: 'fl-ann-arbor-traces',
  austinRoutes: 'fl-austin-routes',
  austinStops: 'fl-austin-stops',
} as const;

export const MAP_SOURCE_IDS = {
  extract: 'fl-extract',
  land: 'fl-land',
  counties: 'fl-counties',
  annArborTraces: 'fl-ann-arbor-traces',
  austinRoutes: 'fl-austin-routes',
  austinStops: 'fl-austin-stops',
} as const;

/** Every path the map module answers, all under `/map/`. */
export const MAP_PATHS = {
  style: '/map/style.json',
  extract: '/map/extract.pmtiles',
  land: '/map/land.geojson',
  counties: '/map/counties.geojson',
  austinRoutes: '/map/austin-routes.geojson',
  austinStops: '/map/austin-stops.geojson',
  annArborTraces: '/map/ann-arbor-traces.geojson',
} as const;

export const MAP_PATH_PREFIX = '/map/';
