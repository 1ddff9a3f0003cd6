'use client';

import { useEffect } from 'react';
import { useMap } from 'react-map-gl/maplibre';
import { useFleetStoreApi } from '../fleet-store-context';
import { useMapViewApi } from './map-view-context';

/**
 * Each new fix starts an ease this long towards it; fixes come about as
 * often, so the camera glides on rather than stopping at each one.
 */
const FOLLOW_EASE_MS = 1000;

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

    const follow = () => {
      const { selectedId, vehicles } = store.getState();
      const v = selectedId ? vehicles[selectedId] : undefined;
      if (!v) return;
      map.easeTo({
        center: [v.lon, v.lat],
        duration: FOLLOW_EASE_MS,
        easing: (t) => t,
      });
    };

    const unsubscribeView = view.subscribe((s, prev) => {
      if (s.following && !prev.following) follow();
    });
    const unsubscribeFleet = store.subscribe((s, prev) => {
      if (s.selectedId !== prev.selectedId) view.getState().selected(s.selectedId);
      if (!view.getState().following || !s.selectedId) return;
      const moved = s.vehicles[s.selectedId] !== prev.vehicles[s.selectedId];
      if (moved || s.selectedId !== prev.selectedId) follow();
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
