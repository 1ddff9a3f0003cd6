'use client';

import type { Map as MapLibreMap } from 'maplibre-gl';
import { useEffect } from 'react';
import { useMap } from 'react-map-gl/maplibre';
import type { MapLayerGroup, MapViewState } from '@/lib/store/map-view';
import { useMapViewApi } from './map-view-context';
import { TOGGLED_LAYERS } from './overlay-layers';

/**
 * Shows and hides the layer groups of the map panel. Layers of other
 * components come and go (added on load, again after a remount), so the
 * groups are applied again whenever the style changes. Renders nothing.
 */
export function LayerVisibility() {
  const { current } = useMap();
  const view = useMapViewApi();

  useEffect(() => {
    const map = current?.getMap();
    if (!map) return;
    const apply = () => applyLayers(map, view.getState().layers);

    apply();
    map.on('styledata', apply);
    const unsubscribe = view.subscribe((s, prev) => {
      if (s.layers !== prev.layers) apply();
    });

    return () => {
      map.off('styledata', apply);
      unsubscribe();
    };
  }, [current, view]);

  return null;
}

function applyLayers(map: MapLibreMap, layers: MapViewState['layers']): void {
  for (const [group, ids] of Object.entries(TOGGLED_LAYERS)) {
    const visibility = layers[group as MapLayerGroup] ? 'visible' : 'none';
    for (const id of ids) {
      if (!map.getLayer(id)) continue;
      // Only a change: setting a layout property fires styledata again.
      const shown = map.getLayoutProperty(id, 'visibility') ?? 'visible';
      if (shown !== visibility) map.setLayoutProperty(id, 'visibility', visibility);
    }
  }
}
