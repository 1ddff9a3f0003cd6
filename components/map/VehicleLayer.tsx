'use client';

import { useEffect } from 'react';
import { useMap } from 'react-map-gl/maplibre';
import { useFleetStoreApi } from '../fleet-store-context';
import { VehicleView } from './vehicle-view';

export { SELECTED_LAYER, VEHICLE_LAYER, VEHICLE_SOURCE } from './layer-ids';

/**
 * Every vehicle of the fleet on the map: clusters when zoomed out, arrows
 * gliding on the GPU when zoomed in, decluttered labels up close, and the
 * selected vehicle always on top (never a DOM marker per vehicle). Renders
 * nothing itself: VehicleView owns its sources, layers and handlers, and
 * removes them together.
 */
export function VehicleLayer() {
  const { current } = useMap();
  const store = useFleetStoreApi();

  useEffect(() => {
    const map = current?.getMap();
    if (!map) return;
    const view = new VehicleView(map, store);
    return () => view.dispose();
  }, [current, store]);

  return null;
}
