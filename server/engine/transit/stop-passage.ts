import type { PlannedTrip } from './types';

/**
 * A stop counts as reached within this distance of it along the path:
 * buses halt a bus length or two short of the pole, and a fix at the
 * stop projects a little either side of it.
 */
export const STOP_RADIUS_KM = 0.05;

/** A position on the path at a moment. */
export interface PathPosition {
  t: number;
  alongKm: number;
}

export interface Passage {
  index: number;
  /** When the vehicle crossed the stop, interpolated by distance. */
  at: number;
}

/**
 * Where on the path stop `index` counts as passed. The first stop's
 * timetable time is a departure (the bus lays over there before it), so
 * it is passed on leaving its radius; every other stop on entering it.
 */
export function crossingKm(trip: PlannedTrip, index: number): number {
  const first = trip.stops[0]?.alongKm ?? 0;
  const departure = first + STOP_RADIUS_KM;
  if (index === 0) return departure;
  const at = trip.stops[index]?.alongKm ?? trip.path.lengthKm;
  return Math.max(departure, at - STOP_RADIUS_KM);
}

/**
 * The stops from `nextIndex` on that lie behind `to`, each with the time
 * the vehicle crossed it between `from` and `to`. Buses report every 30
 * to 240 s and often pass several stops between two fixes; assuming a
 * steady speed between the fixes is the least that can be said.
 */
export function passedStops(
  trip: PlannedTrip,
  nextIndex: number,
  from: PathPosition,
  to: PathPosition,
): Passage[] {
  const passed: Passage[] = [];
  const moved = to.alongKm - from.alongKm;

  for (let i = nextIndex; i < trip.stops.length; i++) {
    const c = crossingKm(trip, i);
    if (c > to.alongKm) break;
    const f = moved > 0 ? (c - from.alongKm) / moved : 1;
    const share = Math.min(1, Math.max(0, f));
    passed.push({ index: i, at: Math.round(from.t + share * (to.t - from.t)) });
  }
  return passed;
}

/** How many stops from `nextIndex` on lie behind `alongKm`. */
export function stopsBehind(
  trip: PlannedTrip,
  nextIndex: number,
  alongKm: number,
): number {
  let i = nextIndex;
  while (i < trip.stops.length && crossingKm(trip, i) <= alongKm) i++;
  return i - nextIndex;
}
