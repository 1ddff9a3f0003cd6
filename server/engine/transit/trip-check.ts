import { crossingKm } from './stop-passage';
import { plannedTimeAt } from './timetable-position';
import type { PlannedTrip } from './types';

/**
 * Whether one fix agrees with the trip the feed assigned. The AVL feed
 * sometimes names a trip the bus is not running: another route's, or
 * one planned hours away. Such a trip would report nonsense delays.
 */

/** More than this between feed and timetable is a contradiction. */
export const CONTRADICTION_MS = 20 * 60_000;

export type FixVerdict =
  | { kind: 'agrees' }
  | { kind: 'neutral' }
  | { kind: 'contradicts'; offRoute: boolean; deviationMs?: number };

/**
 * `alongKm` is the fix's place on the path, or undefined when the fix
 * lies off the path. A bus waiting at the first stop before its time,
 * or driving there before it is due, says nothing either way.
 */
export function judgeFix(
  trip: PlannedTrip,
  t: number,
  alongKm: number | undefined,
): FixVerdict {
  const start = trip.stops[0]?.plannedAt ?? t;

  if (alongKm === undefined) {
    if (t <= start + CONTRADICTION_MS) return { kind: 'neutral' };
    return { kind: 'contradicts', offRoute: true };
  }

  const departed = alongKm >= crossingKm(trip, 0);
  if (!departed && t <= start) return { kind: 'neutral' };

  const deviationMs = t - plannedTimeAt(trip, alongKm);
  if (Math.abs(deviationMs) <= CONTRADICTION_MS) return { kind: 'agrees' };
  return { kind: 'contradicts', offRoute: false, deviationMs };
}
