import { createStore } from 'zustand/vanilla';
import type { Vehicle } from '../fleet/vehicle';
import type {
  DriverStatusUpdate,
  FleetInfo,
  FleetMetricsPayload,
  MaintenanceAlert,
  RouteProgressUpdate,
  SafetyAlert,
  TelemetryUpdate,
  TripEvent,
} from '../protocol';
import { mergeVehicles } from './coalesce';
import {
  appendMetrics,
  LIMITS,
  prependCapped,
  upsertAlert,
  type AlertItem,
  type TripActivity,
  type VehicleDetail,
} from './events';

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
  /** Newest first, capped. */
  alerts: AlertItem[];
  /** Trip events, newest first, capped. */
  activity: TripActivity[];
  /** fleet_metrics periods, oldest first, capped. */
  metrics: FleetMetricsPayload[];
  details: Record<string, VehicleDetail>;
  onTripEvent(m: TripEvent): void;
  onAlert(m: SafetyAlert | MaintenanceAlert): void;
  onMetrics(list: readonly FleetMetricsPayload[]): void;
  onRouteProgress(m: RouteProgressUpdate): void;
  onTelemetry(m: TelemetryUpdate): void;
  onDriverStatus(m: DriverStatusUpdate): void;
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
    alerts: [],
    activity: [],
    metrics: [],
    details: {},
    onTripEvent: (m) =>
      set((s) => ({
        activity: prependCapped(
          s.activity,
          { id: m.id, at: Date.parse(m.timestamp), payload: m.payload },
          LIMITS.activity,
        ),
        details: patch(s.details, m.payload.vehicle_id, { trip: m.payload }),
      })),
    onAlert: (m) =>
      set((s) => ({
        alerts: upsertAlert(
          s.alerts,
          {
            id: m.payload.alert_id,
            kind: m.channel === 'alerts' ? 'safety' : 'maintenance',
            at: Date.parse(m.timestamp),
            payload: m.payload,
          },
          LIMITS.alerts,
        ),
      })),
    onMetrics: (list) => set((s) => ({ metrics: list.reduce(appendMetrics, s.metrics) })),
    onRouteProgress: (m) =>
      set((s) => ({
        details: patch(s.details, m.payload.vehicle_id, { progress: m.payload }),
      })),
    onTelemetry: (m) =>
      set((s) => ({
        details: patch(s.details, m.payload.vehicle_id, {
          telemetry: m.payload.telemetry,
          telemetryAt: Date.parse(m.payload.sampled_at),
        }),
      })),
    onDriverStatus: (m) =>
      set((s) => ({
        details: patch(s.details, m.payload.vehicle_id, {
          driverStatus: m.payload.status,
        }),
      })),
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

function patch(
  details: Record<string, VehicleDetail>,
  id: string,
  change: VehicleDetail,
): Record<string, VehicleDetail> {
  return { ...details, [id]: { ...details[id], ...change } };
}
