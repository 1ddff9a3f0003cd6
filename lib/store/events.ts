import type {
  DriverStatus,
  FleetMetricsPayload,
  MaintenanceAlertPayload,
  RouteProgressPayload,
  SafetyAlertPayload,
  TelemetryPayload,
  TripEventPayload,
} from '../protocol';

/** An alert as the dashboard lists it, safety or maintenance alike. */
export interface AlertItem {
  id: string;
  kind: 'safety' | 'maintenance';
  at: number;
  payload: SafetyAlertPayload | MaintenanceAlertPayload;
}

export interface TripActivity {
  id: string;
  at: number;
  payload: TripEventPayload;
}

/** What the engine tells about each vehicle beyond its position. */
export interface VehicleDetail {
  trip?: TripEventPayload;
  progress?: RouteProgressPayload;
  telemetry?: TelemetryPayload['telemetry'];
  telemetryAt?: number;
  driverStatus?: DriverStatus;
}

/** Caps on everything the live feed appends, so memory stays flat. */
export const LIMITS = { alerts: 100, activity: 50, metrics: 120 } as const;

/** Prepends and trims, dropping an id already present (at-least-once feeds). */
export function prependCapped<T extends { id: string }>(
  list: readonly T[],
  item: T,
  cap: number,
): T[] {
  if (list.some((x) => x.id === item.id)) return list as T[];
  return [item, ...list].slice(0, cap);
}

export function appendMetrics(
  list: readonly FleetMetricsPayload[],
  m: FleetMetricsPayload,
): FleetMetricsPayload[] {
  if (list.some((x) => x.period.end === m.period.end))
    return list as FleetMetricsPayload[];
  return [...list, m].slice(-LIMITS.metrics);
}

/**
 * An alert's newest state: a lifecycle update (acknowledged, resolved, a
 * repeat folded in) replaces the entry of the same id where it stands; a
 * new alert goes on top.
 */
export function upsertAlert(
  list: readonly AlertItem[],
  item: AlertItem,
  cap: number,
): AlertItem[] {
  const at = list.findIndex((x) => x.id === item.id);
  if (at < 0) return [item, ...list].slice(0, cap);
  const next = [...list];
  next[at] = { ...item, at: list[at]?.at ?? item.at };
  return next;
}
