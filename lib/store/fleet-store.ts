import { createStore } from 'zustand/vanilla';
import { fromMessage, fromRecord, type FleetAlert } from '../alerts/alert';
import type { Vehicle } from '../fleet/vehicle';
import type {
  AlertRecord,
  AlertRule,
  AlertRuleList,
  DriverStatusUpdate,
  FleetInfo,
  FleetMetricsPayload,
  KeyIdentity,
  MaintenanceAlert,
  RouteProgressUpdate,
  SafetyAlert,
  TelemetryUpdate,
  TripEvent,
} from '../protocol';
import { mergeInto } from './coalesce';
import type { CachedFleet } from './offline-cache';
import { replaceOpenAlerts, vehiclesById } from './reset';
import {
  appendHistory,
  pointFromTelemetry,
  pointFromVehicle,
  type HistoryPoint,
} from './history';
import {
  appendMetrics,
  LIMITS,
  prependCapped,
  upsertAlert,
  upsertAlerts,
  type TripActivity,
  type VehicleDetail,
} from './events';

export type ConnectionStatus =
  'connecting' | 'live' | 'reconnecting' | 'offline' | 'unauthorized';

/** Where reconnecting stands, for a banner that counts down. */
export interface RetryState {
  /** The attempt under way or due next, from 1. */
  attempt: number;
  /** When the next attempt is due (browser clock, ms); null while one runs. */
  nextAt: number | null;
}

export interface FleetStoreState {
  fleetId: string;
  /** Name and time zone, once the server's snapshot has arrived. */
  fleet: FleetInfo | null;
  /** Display label per vehicle id ("Bus 5012"). */
  labels: Record<string, string>;
  /**
   * The newest fix per vehicle id. Updated in place by each batch, and
   * replaced only when a reset or a restore swaps the whole fleet: a
   * selector of one vehicle (`s.vehicles[id]`) sees each new fix, but one
   * of the whole object must follow `vehiclesVersion` instead.
   */
  vehicles: Readonly<Record<string, Vehicle>>;
  /** Counts the batches that changed `vehicles`. */
  vehiclesVersion: number;
  /**
   * The fixes the newest batch brought that won their place: lets the
   * map look at a batch rather than the fleet.
   */
  lastBatch: readonly Vehicle[];
  selectedId: string | null;
  connection: ConnectionStatus;
  /** What is wrong, in words, when not live. */
  connectionDetail: string | null;
  /** Newest device time seen in the fleet, epoch ms. */
  newest: number | null;
  /** Newest raised first, capped; REST pages and live updates merged. */
  alerts: FleetAlert[];
  /** Whether the stored alerts have been read at least once. */
  alertsLoaded: boolean;
  /** Why reading the stored alerts failed, in words. */
  alertsError: string | null;
  /**
   * The newest alert the stream raised while the page was open: what gets
   * announced, toasted and notified. Never one read from REST.
   */
  raised: FleetAlert | null;
  /** Who the page's key is; null until the server has said. */
  identity: KeyIdentity | null;
  /** The fleet's alert rules, once read; kept current by the stream. */
  rules: AlertRule[] | null;
  /** Server clock minus this browser's, ms, as of the last snapshot. */
  clockOffset: number;
  /** Trip events, newest first, capped. */
  activity: TripActivity[];
  /** fleet_metrics periods, oldest first, capped. */
  metrics: FleetMetricsPayload[];
  details: Record<string, VehicleDetail>;
  /**
   * Recent readings per vehicle, oldest first, capped (HISTORY_CAP).
   * Like `vehicles`, updated in place; each vehicle's list is new when
   * it changes.
   */
  history: Readonly<Record<string, HistoryPoint[]>>;
  /** Reconnection progress while not live; null otherwise. */
  retry: RetryState | null;
  setRetry(retry: RetryState | null): void;
  /**
   * When the vehicles and open alerts shown were saved, epoch ms, while
   * they come from the offline cache rather than the server; else null.
   */
  staleSince: number | null;
  onTripEvent(m: TripEvent): void;
  onAlert(m: SafetyAlert | MaintenanceAlert): void;
  /** Stored alerts from REST, or the answer to an action. */
  loadAlerts(records: readonly AlertRecord[]): void;
  setAlertsError(error: string | null): void;
  onRules(list: AlertRuleList): void;
  setIdentity(identity: KeyIdentity | null): void;
  setClockOffset(ms: number): void;
  onMetrics(list: readonly FleetMetricsPayload[]): void;
  onRouteProgress(m: RouteProgressUpdate): void;
  onTelemetry(m: TelemetryUpdate): void;
  onDriverStatus(m: DriverStatusUpdate): void;
  applyBatch(batch: Vehicle[]): void;
  setRoster(fleet: FleetInfo, roster: ReadonlyArray<{ id: string; label: string }>): void;
  select(id: string | null): void;
  setConnection(status: ConnectionStatus, detail?: string | null): void;
  /** Shows saved data: the offline cache's, or another tab's (stale: null). */
  restore(cached: CachedFleet, staleSince: number | null): void;
  /**
   * After a stream reset: the vehicles are exactly `vehicles` and, when
   * given, the open alerts exactly `open`. Clears `staleSince`.
   */
  replaceLive(vehicles: Vehicle[], open: FleetAlert[] | undefined): void;
}

/** One store per open fleet; components subscribe to slices of it. */
export function createFleetStore(fleetId: string) {
  const history: Record<string, HistoryPoint[]> = {};
  return createStore<FleetStoreState>()((set) => ({
    fleetId,
    fleet: null,
    labels: {},
    vehicles: {},
    vehiclesVersion: 0,
    lastBatch: [],
    selectedId: null,
    connection: 'connecting',
    connectionDetail: null,
    newest: null,
    alerts: [],
    alertsLoaded: false,
    alertsError: null,
    raised: null,
    identity: null,
    rules: null,
    clockOffset: 0,
    activity: [],
    metrics: [],
    details: {},
    history,
    retry: null,
    setRetry: (retry) => set({ retry }),
    staleSince: null,
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
      set((s) => {
        const alert = fromMessage(m);
        const alerts = upsertAlert(s.alerts, alert, LIMITS.alerts);
        if (alerts === s.alerts) return s;
        const known = s.alerts.some((a) => a.id === alert.id);
        // A repeat folded into an alert this page never listed is not news.
        const news = !known && alert.status === 'active' && alert.occurrences === 1;
        return news ? { alerts, raised: alert } : { alerts };
      }),
    loadAlerts: (records) =>
      set((s) => ({
        alerts: upsertAlerts(s.alerts, records.map(fromRecord), LIMITS.alerts),
        alertsLoaded: true,
        alertsError: null,
      })),
    setAlertsError: (alertsError) => set({ alertsError }),
    onRules: (list) => {
      if (list.fleet_id === fleetId) set({ rules: list.rules });
    },
    setIdentity: (identity) => set({ identity }),
    setClockOffset: (clockOffset) => set({ clockOffset }),
    onMetrics: (list) => set((s) => ({ metrics: list.reduce(appendMetrics, s.metrics) })),
    onRouteProgress: (m) =>
      set((s) => ({
        details: patch(s.details, m.payload.vehicle_id, { progress: m.payload }),
      })),
    onTelemetry: (m) =>
      set((s) => {
        const id = m.payload.vehicle_id;
        const point = pointFromTelemetry(m.payload);
        const details = patch(s.details, id, {
          telemetry: m.payload.telemetry,
          telemetryAt: Date.parse(m.payload.sampled_at),
        });
        if (point) history[id] = appendHistory(history[id] ?? [], point);
        return { details };
      }),
    onDriverStatus: (m) =>
      set((s) => ({
        details: patch(s.details, m.payload.vehicle_id, {
          driverStatus: m.payload.status,
        }),
      })),
    applyBatch: (batch) =>
      set((s) => {
        // In place: the object a reset or a restore put there, if one did.
        const won = mergeInto(s.vehicles, batch);
        if (won.length === 0) return s;
        for (const v of won)
          history[v.id] = appendHistory(history[v.id] ?? [], pointFromVehicle(v));
        const newest = won.reduce((m, v) => Math.max(m, v.deviceTime), s.newest ?? 0);
        return { vehiclesVersion: s.vehiclesVersion + 1, newest, lastBatch: won };
      }),
    setRoster: (fleet, roster) =>
      set({ fleet, labels: Object.fromEntries(roster.map((v) => [v.id, v.label])) }),
    select: (id) => set({ selectedId: id }),
    setConnection: (connection, detail = null) =>
      set({ connection, connectionDetail: detail }),
    restore: (cached, staleSince) =>
      set((s) => ({
        ...vehiclesById(cached.vehicles),
        vehiclesVersion: s.vehiclesVersion + 1,
        fleet: cached.fleet ?? s.fleet,
        labels: cached.labels,
        alerts: replaceOpenAlerts(s.alerts, cached.alerts),
        staleSince,
      })),
    replaceLive: (list, open) =>
      set((s) => ({
        ...vehiclesById(list),
        vehiclesVersion: s.vehiclesVersion + 1,
        ...(open && { alerts: replaceOpenAlerts(s.alerts, open) }),
        staleSince: null,
      })),
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
