'use client';

import { createContext, useContext } from 'react';
import { useStore } from 'zustand';
import type { MapViewState, MapViewStore } from '@/lib/store/map-view';

export const MapViewContext = createContext<MapViewStore | null>(null);

export function useMapViewApi(): MapViewStore {
  const store = useContext(MapViewContext);
  if (!store) throw new Error('Map view hooks must be used inside <MapTools>');
  return store;
}

export function useMapView<T>(selector: (s: MapViewState) => T): T {
  return useStore(useMapViewApi(), selector);
}
