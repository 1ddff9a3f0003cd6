'use client';

import { useEffect } from 'react';
import { useMap } from 'react-map-gl/maplibre';
import { useFleetStoreApi } from '../fleet-store-context';
import { fitToVehicles } from '../map/fit';

const EASE_MS = 1500;

/**
 * While an alarm holds the wall, frames the vehicles it rings for, so
 * the room sees where they are. Renders nothing; WallFit frames the
 * whole fleet again at its next turn.
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
    const frame = (): boolean => {
      const all = store.getState().vehicles;
      const ringing = Object.fromEntries(
        ids.flatMap((id) => (all[id] ? [[id, all[id]]] : [])),
      );
      // The map's pane changed size with the alarm layout in this very
      // commit; MapLibre's own resize waits for a ResizeObserver callback.
      map.resize();
      return fitToVehicles(map, ringing, steady ? 0 : EASE_MS);
    };
    if (frame()) return;
    // Stored alerts can arrive before the snapshot of the vehicles.
    const unsubscribe = store.subscribe((s, p) => {
      if (s.vehicles !== p.vehicles && frame()) unsubscribe();
    });
    return unsubscribe;
  }, [current, store, key, steady]);

  return null;
}
