import type { AlertStatus, Severity } from '../protocol';
import { isOpen, severityRank, type FleetAlert } from './alert';

/** `open` is every status but resolved, as `GET …/alerts?status=open`. */
export type StatusFilter = 'open' | AlertStatus | 'all';

export const STATUS_FILTERS: readonly StatusFilter[] = [
  'open',
  'active',
  'acknowledged',
  'resolved',
  'all',
];

/** How far back the list looks; null looks at everything held. */
export const TIME_RANGES = {
  '1h': 3_600_000,
  '6h': 6 * 3_600_000,
  '24h': 24 * 3_600_000,
  '7d': 7 * 24 * 3_600_000,
  all: null,
} as const satisfies Record<string, number | null>;

export type TimeRange = keyof typeof TIME_RANGES;

export interface AlertFilter {
  status: StatusFilter;
  /** Empty: every severity. */
  severities: readonly Severity[];
  vehicleId: string | null;
  range: TimeRange;
}

export const DEFAULT_FILTER: AlertFilter = {
  status: 'open',
  severities: [],
  vehicleId: null,
  range: 'all',
};

export function matchesStatus(a: FleetAlert, status: StatusFilter): boolean {
  if (status === 'all') return true;
  if (status === 'open') return isOpen(a);
  return a.status === status;
}

/**
 * The alerts a filter keeps, in the list's order. The time range looks at
 * when an alert was last seen, so an old alert that just happened again
 * counts as recent.
 */
export function filterAlerts(
  alerts: readonly FleetAlert[],
  filter: AlertFilter,
  now: number,
): FleetAlert[] {
  const span = TIME_RANGES[filter.range];
  const since = span === null ? -Infinity : now - span;
  const severities = new Set(filter.severities);
  return alerts.filter(
    (a) =>
      matchesStatus(a, filter.status) &&
      (severities.size === 0 || severities.has(a.severity)) &&
      (filter.vehicleId === null || a.vehicleId === filter.vehicleId) &&
      a.lastSeenAt >= since,
  );
}

/** How many alerts each status filter would keep. */
export function countByStatus(
  alerts: readonly FleetAlert[],
): Record<StatusFilter, number> {
  const counts = { open: 0, active: 0, acknowledged: 0, resolved: 0, all: 0 };
  for (const a of alerts) {
    counts[a.status]++;
    counts.all++;
    if (isOpen(a)) counts.open++;
  }
  return counts;
}

/**
 * The wall display's order: open alerts only, the most severe first, and
 * within a severity the one waiting longest first.
 */
export function wallOrder(alerts: readonly FleetAlert[]): FleetAlert[] {
  return alerts
    .filter(isOpen)
    .sort(
      (a, b) =>
        severityRank(b.severity) - severityRank(a.severity) || a.raisedAt - b.raisedAt,
    );
}

/** One vehicle's alerts, newest raised first. */
export function historyOf(
  alerts: readonly FleetAlert[],
  vehicleId: string,
): FleetAlert[] {
  return alerts
    .filter((a) => a.vehicleId === vehicleId)
    .sort((a, b) => b.raisedAt - a.raisedAt);
}
