import { createStore } from 'zustand/vanilla';
import type { Vehicle } from '../fleet/vehicle';
import type { FleetInfo } from '../protocol';
import { mergeVehicles } from './coalesce';

export type ConnectionStatus =
  'connecting' | 'live' | 'reconnecting' | 'offline' | 'unauthorized';

export interface FleetStoreState {
  fleetId: string;
  /** Name and time zone, once the server's snapshot has arrived. */
  fleet: FleetInfo | null;
  /** Display label per vehicle id ("Bus 5012"). */
  labels: Record<string, string>;
  vehicles: Record<string, Vehicle>;
  selectedId: string | null;
  connection: ConnectionStatus;
  /** What is wrong, in words, when not live. */
  connectionDetail: string | null;
  /** Newest device time seen in the fleet, epoch ms. */
  newest: number | null;
  applyBatch(batch: Vehicle[]): void;
  setRoster(fleet: FleetInfo, roster: ReadonlyArray<{ id: string; label: string }>): void;
  select(id: string | null): void;
  setConnection(status: ConnectionStatus, detail?: string | null): void;
}

/** One store per open fleet; components subscribe to slices of it. */
export function createFleetStore(fleetId: string) {
  return createStore<FleetStoreState>()((set) => ({
    fleetId,
    fleet: null,
    labels: {},
    vehicles: {},
    selectedId: null,
    connection: 'connecting',
    connectionDetail: null,
    newest: null,
    applyBatch: (batch) =>
      set((s) => {
        const vehicles = mergeVehicles(s.vehicles, batch);
        if (vehicles === s.vehicles) return s;
        const newest = batch.reduce((m, v) => Math.max(m, v.deviceTime), s.newest ?? 0);
        return { vehicles, newest };
      }),
    setRoster: (fleet, roster) =>
      set({ fleet, labels: Object.fromEntries(roster.map((v) => [v.id, v.label])) }),
    select: (id) => set({ selectedId: id }),
    setConnection: (connection, detail = null) =>
      set({ connection, connectionDetail: detail }),
  }));
}

export type FleetStore = ReturnType<typeof createFleetStore>;
