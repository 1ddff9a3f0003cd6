import type { FleetAlert } from '../alerts/alert';
import type { Vehicle } from '../fleet/vehicle';

/** Vehicles keyed by id, and the newest device time among them. */
export function vehiclesById(list: readonly Vehicle[]): {
  vehicles: Record<string, Vehicle>;
  newest: number | null;
} {
  const vehicles: Record<string, Vehicle> = {};
  let newest: number | null = null;
  for (const v of list) {
    vehicles[v.id] = v;
    newest = Math.max(newest ?? v.deviceTime, v.deviceTime);
  }
  return { vehicles, newest };
}

/**
 * The alert list after a reset: the open alerts are exactly `open`, as
 * the server read them; resolved ones already listed (history read over
 * REST) stay. An alert that was open here and is not in `open` was
 * resolved while the page was away, and leaves the list until REST reads
 * it again. Newest raised first, as the list is kept.
 */
export function replaceOpenAlerts(
  list: readonly FleetAlert[],
  open: readonly FleetAlert[],
): FleetAlert[] {
  const ids = new Set(open.map((a) => a.id));
  const resolved = list.filter((a) => a.status === 'resolved' && !ids.has(a.id));
  return [...open, ...resolved].sort((a, b) => b.raisedAt - a.raisedAt);
}
