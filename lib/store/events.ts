import { isNotOlder, mergeAlert, type FleetAlert } from '../alerts/alert';
import type {
  DriverStatus,
  FleetMetricsPayload,
  RouteProgressPayload,
  TelemetryPayload,
  TripEventPayload,
} from '../protocol';

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

/**
 * Caps on everything the live feed appends, so memory stays flat. The
 * alert cap is the longest page `GET …/alerts` answers.
 */
export const LIMITS = { alerts: 500, activity: 50, metrics: 120 } as const;

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
 * Folds alerts into a list kept newest raised first. An alert already
 * listed takes the incoming state unless that is older (a REST page
 * fetched before a live update landed); a new one takes its place by
 * raise time, above alerts raised at the same moment. Returns the same
 * array when nothing changed.
 */
export function upsertAlerts(
  list: readonly FleetAlert[],
  incoming: readonly FleetAlert[],
  cap: number,
): FleetAlert[] {
  const index = new Map(list.map((a, i) => [a.id, i]));
  const fresh = new Map<string, FleetAlert>();
  let next: FleetAlert[] | undefined;
  for (const item of incoming) {
    const at = index.get(item.id);
    const current = at === undefined ? fresh.get(item.id) : (next ?? list)[at];
    if (current && !isNotOlder(current, item)) continue;
    const merged = current ? mergeAlert(current, item) : item;
    if (at === undefined) {
      fresh.set(item.id, merged);
      continue;
    }
    next ??= [...list];
    next[at] = merged;
  }
  if (fresh.size === 0) return next ?? (list as FleetAlert[]);
  const sorted = [...[...fresh.values()].reverse(), ...(next ?? list)].sort(
    (a, b) => b.raisedAt - a.raisedAt,
  );
  return capAlerts(sorted, cap);
}

export function upsertAlert(
  list: readonly FleetAlert[],
  item: FleetAlert,
  cap: number,
): FleetAlert[] {
  return upsertAlerts(list, [item], cap);
}

/**
 * Over the cap, the oldest resolved alerts go first: an open alert is one
 * someone must still see (the wall display rings for it).
 */
function capAlerts(list: FleetAlert[], cap: number): FleetAlert[] {
  let over = list.length - cap;
  if (over <= 0) return list;
  const dropped = new Set<FleetAlert>();
  for (let i = list.length - 1; i >= 0 && over > 0; i--) {
    const a = list[i];
    if (a?.status !== 'resolved') continue;
    dropped.add(a);
    over--;
  }
  return list.filter((a) => !dropped.has(a)).slice(0, cap);
}
