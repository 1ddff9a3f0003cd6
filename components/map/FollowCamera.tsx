'use client';

import { useEffect } from 'react';
import { useMap } from 'react-map-gl/maplibre';
import type { Vehicle } from '@/lib/fleet/vehicle';
import { useFleetStoreApi } from '../fleet-store-context';
import { useMapViewApi } from './map-view-context';

/**
 * The camera eases to each new fix over the time since the one before,
 * as the vehicle icons glide, so the vehicle stays in the middle rather
 * than the camera arriving first; within these bounds.
 */
const EASE_MIN_MS = 400;
const EASE_MAX_MS = 5000;

/**
 * In follow mode the camera keeps the selected vehicle in the middle.
 * Dragging the map hands the camera back to the person; clearing the
 * selection ends following. Renders nothing.
 */
export function FollowCamera() {
  const { current } = useMap();
  const store = useFleetStoreApi();
  const view = useMapViewApi();

  useEffect(() => {
    const map = current?.getMap();
    if (!map) return;

    let lastReceived: number | undefined;
    /** The selected vehicle's fix the camera last went to. */
    let followed: Vehicle | undefined;

    const follow = (glide: boolean) => {
      const { selectedId, vehicles } = store.getState();
      const v = selectedId ? vehicles[selectedId] : undefined;
      if (!v) return;
      followed = v;
      const interval = glide && lastReceived ? v.receivedAt - lastReceived : 0;
      lastReceived = v.receivedAt;
      map.easeTo({
        center: [v.lon, v.lat],
        duration: Math.min(EASE_MAX_MS, Math.max(EASE_MIN_MS, interval)),
        easing: (t) => t,
      });
    };

    const unsubscribeView = view.subscribe((s, prev) => {
      if (s.following && !prev.following) follow(false);
    });
    const unsubscribeFleet = store.subscribe((s, prev) => {
      if (s.selectedId !== prev.selectedId) view.getState().selected(s.selectedId);
      if (!view.getState().following || !s.selectedId) return;
      if (s.selectedId !== prev.selectedId) return follow(false);
      if (s.vehicles[s.selectedId] !== followed) follow(true);
    });
    // Only a person drags: eases and fits fire no dragstart.
    const handBack = () => view.getState().userMoved();
    map.on('dragstart', handBack);

    return () => {
      unsubscribeView();
      unsubscribeFleet();
      map.off('dragstart', handBack);
    };
  }, [current, store, view]);

  return null;
}
