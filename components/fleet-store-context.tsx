'use client';

import { createContext, useContext, useState, type ReactNode } from 'react';
import type { Socket } from 'socket.io-client';
import { useStore } from 'zustand';
import type { ClientToServerEvents, ServerToClientEvents } from '@/lib/protocol';
import {
  createFleetStore,
  type FleetStore,
  type FleetStoreState,
} from '@/lib/store/fleet-store';

export type FleetSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/**
 * The fleet's Socket.IO connection while one is open, for the few emits
 * that expect an answer (alert actions). It is no React state: nothing
 * renders from it, and the stream hook swaps it on every new key.
 */
export interface SocketRef {
  current: FleetSocket | null;
}

interface FleetContext {
  store: FleetStore;
  socket: SocketRef;
}

const FleetStoreContext = createContext<FleetContext | null>(null);

export function FleetStoreProvider({
  fleetId,
  children,
}: {
  fleetId: string;
  children: ReactNode;
}) {
  const [context] = useState<FleetContext>(() => ({
    store: createFleetStore(fleetId),
    socket: { current: null },
  }));
  return (
    <FleetStoreContext.Provider value={context}>{children}</FleetStoreContext.Provider>
  );
}

function useFleetContext(): FleetContext {
  const context = useContext(FleetStoreContext);
  if (!context) throw new Error('Fleet hooks must be used inside <FleetStoreProvider>');
  return context;
}

export function useFleetStoreApi(): FleetStore {
  return useFleetContext().store;
}

export function useFleetSocketRef(): SocketRef {
  return useFleetContext().socket;
}

export function useFleet<T>(selector: (s: FleetStoreState) => T): T {
  return useStore(useFleetStoreApi(), selector);
}
