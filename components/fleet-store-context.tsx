'use client';

import { createContext, useContext, useState, type ReactNode } from 'react';
import { useStore } from 'zustand';
import {
  createFleetStore,
  type FleetStore,
  type FleetStoreState,
} from '@/lib/store/fleet-store';

const FleetStoreContext = createContext<FleetStore | null>(null);

export function FleetStoreProvider({
  fleetId,
  children,
}: {
  fleetId: string;
  children: ReactNode;
}) {
  const [store] = useState(() => createFleetStore(fleetId));
  return (
    <FleetStoreContext.Provider value={store}>{children}</FleetStoreContext.Provider>
  );
}

export function useFleetStoreApi(): FleetStore {
  const store = useContext(FleetStoreContext);
  if (!store)
    throw new Error('useFleetStoreApi must be used inside <FleetStoreProvider>');
  return store;
}

export function useFleet<T>(selector: (s: FleetStoreState) => T): T {
  return useStore(useFleetStoreApi(), selector);
}
