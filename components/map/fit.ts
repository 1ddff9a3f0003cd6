import { LngLatBounds, type Map as MapLibreMap } from 'maplibre-gl';
import type { Vehicle } from '@/lib/fleet/vehicle';

/** Frames every vehicle; false while there is nothing to frame. */
export function fitToVehicles(
  map: MapLibreMap,
  vehicles: Readonly<Record<string, Vehicle>>,
  durationMs = 0,
): boolean {
  const list = Object.values(vehicles).filter(
    (v) => Number.isFinite(v.lat) && Number.isFinite(v.lon),
  );
  const first = list[0];
  if (!first) return false;
  const bounds = new LngLatBounds([first.lon, first.lat], [first.lon, first.lat]);
  for (const v of list) bounds.extend([v.lon, v.lat]);
  map.fitBounds(bounds, { padding: 60, maxZoom: 14, duration: durationMs });
  return true;
}
