import type { PlannedTrip } from './types';

/**
 * The timetable read as a function of distance: when the vehicle should
 * be at a point of the path, and the inverse. Between stops the planned
 * time runs linearly with distance; before the first stop it is the
 * first stop's time, after the last the last's.
 */
export function plannedTimeAt(trip: PlannedTrip, alongKm: number): number {
  const { stops } = trip;
  const first = stops[0];
  if (!first || alongKm <= first.alongKm) return first?.plannedAt ?? 0;

  for (let i = 1; i < stops.length; i++) {
    const a = stops[i - 1];
    const b = stops[i];
    if (!a || !b || alongKm > b.alongKm) continue;
    const span = b.alongKm - a.alongKm;
    const f = span > 0 ? (alongKm - a.alongKm) / span : 1;
    return a.plannedAt + f * (b.plannedAt - a.plannedAt);
  }
  return stops.at(-1)?.plannedAt ?? first.plannedAt;
}

/** Where the timetable puts the vehicle at `t`, km along the path. */
export function plannedAlongAt(trip: PlannedTrip, t: number): number {
  const { stops } = trip;
  const first = stops[0];
  if (!first || t <= first.plannedAt) return first?.alongKm ?? 0;

  for (let i = 1; i < stops.length; i++) {
    const a = stops[i - 1];
    const b = stops[i];
    if (!a || !b || t > b.plannedAt) continue;
    const span = b.plannedAt - a.plannedAt;
    const f = span > 0 ? (t - a.plannedAt) / span : 1;
    return a.alongKm + f * (b.alongKm - a.alongKm);
  }
  return trip.path.lengthKm;
}
