'use client';

import { useEffect } from 'react';
import { useMap } from 'react-map-gl/maplibre';
import type { FilterSpecification, Map as MapLibreMap } from 'maplibre-gl';
import { VEHICLE_LAYER, VEHICLE_SOURCE } from '../map/VehicleLayer';

export const ALARM_LAYER = 'vehicles-alarm';

/** Half a flash: the halo is on this long, then off this long. */
const FLASH_MS = 600;
const RED = '#e5484d';

/**
 * A red halo under every vehicle in `vehicleIds`, drawn from the vehicle
 * layer's own source so it glides with the vehicle. It flashes, or with
 * `steady` (reduced motion) simply stays on. Renders nothing itself.
 */
export function AlarmLayer({
  vehicleIds,
  steady,
}: {
  vehicleIds: readonly string[];
  steady: boolean;
}) {
  const { current } = useMap();
  const key = vehicleIds.join('\n');

  useEffect(() => {
    const map = current?.getMap();
    if (!map) return;
    const ids = key === '' ? [] : key.split('\n');
    const filter: FilterSpecification = ['in', ['get', 'id'], ['literal', ids]];
    let on = true;

    const apply = () => {
      if (!map.getLayer(ALARM_LAYER)) return;
      map.setFilter(ALARM_LAYER, filter);
      map.setPaintProperty(ALARM_LAYER, 'circle-opacity', on ? 0.35 : 0);
      map.setPaintProperty(ALARM_LAYER, 'circle-stroke-opacity', on ? 1 : 0);
    };
    // The vehicle layer adds its source once the style has loaded.
    const add = () => {
      if (map.getLayer(ALARM_LAYER) || !map.getSource(VEHICLE_SOURCE)) return;
      addAlarmLayer(map);
      apply();
    };
    add();
    apply();
    map.on('sourcedata', add);
    const flash =
      steady || ids.length === 0
        ? undefined
        : setInterval(() => {
            on = !on;
            apply();
          }, FLASH_MS);

    return () => {
      clearInterval(flash);
      map.off('sourcedata', add);
    };
  }, [current, key, steady]);

  useEffect(() => {
    const map = current?.getMap();
    return () => {
      if (map?.getStyle() && map.getLayer(ALARM_LAYER)) map.removeLayer(ALARM_LAYER);
    };
  }, [current]);

  return null;
}

function addAlarmLayer(map: MapLibreMap): void {
  map.addLayer(
    {
      id: ALARM_LAYER,
      type: 'circle',
      source: VEHICLE_SOURCE,
      filter: ['in', ['get', 'id'], ['literal', []]],
      paint: {
        'circle-radius': ['interpolate', ['linear'], ['zoom'], 8, 16, 16, 30],
        'circle-color': RED,
        'circle-opacity': 0.35,
        'circle-stroke-color': RED,
        'circle-stroke-width': 4,
      },
    },
    // Under the vehicles, so the arrow stays readable inside the halo.
    map.getLayer(VEHICLE_LAYER) ? VEHICLE_LAYER : undefined,
  );
}
