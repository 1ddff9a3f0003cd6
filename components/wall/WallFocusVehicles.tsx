'use client';

import { useEffect } from 'react';
import { useMap } from 'react-map-gl/maplibre';
import { useFleetStoreApi } from '../fleet-store-context';
import { fitToVehicles } from '../map/fit';

const EASE_MS = 1500;
const REFRAME_MS = 5000;

/**
 * While an alarm holds the wall, frames the vehicles it rings for, so
 * the room sees where they are, and follows them. Renders nothing;
 * WallFit frames the whole fleet again once the alarm is over.
 */
export function WallFocusVehicles({
  vehicleIds,
  steady,
}: {
  vehicleIds: readonly string[];
  steady: boolean;
}) {
  const { current } = useMap();
  const store = useFleetStoreApi();
  const key = vehicleIds.join('\n');

  useEffect(() => {
    const map = current?.getMap();
    if (!map || key === '') return;
    const ids = key.split('\n');
    const frame = () => {
      const all = store.getState().vehicles;
      const ringing = Object.fromEntries(
        ids.flatMap((id) => (all[id] ? [[id, all[id]]] : [])),
      );
      return fitToVehicles(map, ringing, steady ? 0 : EASE_MS);
    };
    // The map's pane changed size with the alarm layout in this very
    // commit; MapLibre's own resize waits for a ResizeObserver callback.
    map.resize();
    frame();
    // Again and again while it holds: the vehicle moves on, and the
    // vehicle layer frames the whole fleet once its first data arrives.
    const timer = setInterval(frame, REFRAME_MS);
    return () => clearInterval(timer);
  }, [current, store, key, steady]);

  return null;
}
