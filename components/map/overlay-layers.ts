import type { Map as MapLibreMap } from 'maplibre-gl';
import { MAP_LAYER_IDS } from '@/server/map/ids';
import type { MapLayerGroup } from '@/lib/store/map-view';
import { CLUSTER_LAYER_IDS, LABEL_LAYER_IDS, VEHICLE_LAYER_IDS } from './layer-ids';

/** Sources and layers of the selected vehicle's overlays. */
export const OVERLAY_IDS = {
  trailSource: 'fl-trail',
  trail: 'fl-trail',
  routeSource: 'fl-trip-route',
  routeLine: 'fl-trip-route-line',
  stopSource: 'fl-trip-stops',
  stops: 'fl-trip-stops',
} as const;

/**
 * The layers each toggle of the map panel shows or hides; a group with no
 * layer gets no toggle. The vehicle layers are VehicleLayer.tsx's own.
 */
export const TOGGLED_LAYERS: Record<MapLayerGroup, readonly string[]> = {
  vehicles: [...VEHICLE_LAYER_IDS, ...CLUSTER_LAYER_IDS],
  labels: LABEL_LAYER_IDS,
  trail: [OVERLAY_IDS.trail],
  route: [OVERLAY_IDS.routeLine, OVERLAY_IDS.stops],
  network: [
    MAP_LAYER_IDS.austinRoutes,
    MAP_LAYER_IDS.austinStops,
    MAP_LAYER_IDS.annArborTraces,
  ],
};

/**
 * The layer an overlay goes beneath so vehicles stay on top, whichever
 * component added its layers first; undefined puts it on top.
 */
export function beneathVehicles(map: MapLibreMap): string | undefined {
  const style = map.getStyle();
  const vehicles = new Set([...TOGGLED_LAYERS.vehicles, ...TOGGLED_LAYERS.labels]);
  return style?.layers.find((l) => vehicles.has(l.id))?.id;
}

/** Removes layers, then their sources, whichever are still there. */
export function removeAll(
  map: MapLibreMap,
  layers: readonly string[],
  sources: readonly string[],
): void {
  // A map torn down with its page has no style left to edit.
  if (!map.getStyle()) return;
  for (const id of layers) if (map.getLayer(id)) map.removeLayer(id);
  for (const id of sources) if (map.getSource(id)) map.removeSource(id);
}
