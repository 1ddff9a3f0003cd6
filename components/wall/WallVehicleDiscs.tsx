'use client';

import { useEffect } from 'react';
import { useMap } from 'react-map-gl/maplibre';
import type { Map as MapLibreMap } from 'maplibre-gl';
import { VEHICLE_LAYER, VEHICLE_SOURCE } from '../map/VehicleLayer';

export const DISC_LAYER = 'vehicles-wall-disc';

/**
 * A disc of the vehicle's status colour under every vehicle: the arrows
 * alone are too small to find from across a room. Drawn from the vehicle
 * layer's own source, so it moves with it. Renders nothing.
 */
export function WallVehicleDiscs() {
  const { current } = useMap();

  useEffect(() => {
    const map = current?.getMap();
    if (!map) return;
    // The vehicle layer adds its source once the style has loaded.
    const add = () => {
      if (map.getLayer(DISC_LAYER) || !map.getSource(VEHICLE_SOURCE)) return;
      addDiscLayer(map);
    };
    add();
    map.on('sourcedata', add);
    return () => {
      map.off('sourcedata', add);
      if (map.getStyle() && map.getLayer(DISC_LAYER)) map.removeLayer(DISC_LAYER);
    };
  }, [current]);

  return null;
}

function addDiscLayer(map: MapLibreMap): void {
  map.addLayer(
    {
      id: DISC_LAYER,
      type: 'circle',
      source: VEHICLE_SOURCE,
      paint: {
        'circle-radius': ['interpolate', ['linear'], ['zoom'], 8, 9, 16, 16],
        // The wall inverts the map's lightness (wall.css): dark here is light there.
        'circle-color': [
          'match',
          ['get', 'status'],
          'moving',
          '#0e5a24',
          'stopped',
          '#7a4a00',
          '#4a525c',
        ],
        'circle-opacity': 0.55,
      },
    },
    map.getLayer(VEHICLE_LAYER) ? VEHICLE_LAYER : undefined,
  );
}
