/**
 * Credits each data source requires (see data/PROVENANCE.md and the
 * licence files beside the data). Plain text on purpose: a link would
 * put a network URL into a style that must work offline.
 */
export const CREDITS = {
  austinBuses:
    'Bus routes and stops: CapMetrics by Sean Cascketta ' +
    '(github.com/scascketta/CapMetrics), recorded from ' +
    "Capital Metro's open GTFS-realtime feed",
  annArborCars: 'Car traces: Vehicle Energy Dataset (Oh, LeBlanc, Peng), Apache-2.0',
  land: 'Land: Natural Earth via world-atlas',
  counties: 'Counties: U.S. Census Bureau via us-atlas',
  /** Used for a raster archive whose metadata names no source. */
  extractFallback: 'Raster tiles: the archive names no source',
} as const;
