import type { Map as MapLibreMap } from 'maplibre-gl';

/**
 * Fits the map to some places at once, now or when the map has loaded;
 * `maxZoom` keeps a single place from filling the screen.
 */
export function fitPoints(
  map: MapLibreMap,
  points: ReadonlyArray<{ lat: number; lon: number }>,
  opts: { padding: number; maxZoom: number },
): void {
  const first = points[0];
  if (!first) return;
  let [west, south, east, north] = [first.lon, first.lat, first.lon, first.lat];
  for (const p of points) {
    west = Math.min(west, p.lon);
    east = Math.max(east, p.lon);
    south = Math.min(south, p.lat);
    north = Math.max(north, p.lat);
  }
  const fit = () =>
    map.fitBounds(
      [
        [west, south],
        [east, north],
      ],
      { ...opts, duration: 0 },
    );
  if (map.loaded()) fit();
  else map.once('load', fit);
}
