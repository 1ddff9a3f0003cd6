/** Conversions into the units Fleetlight uses on the wire (km/h). */

export const MS_TO_KMH = 3.6;
export const MPH_TO_KMH = 1.609344;
export const KNOTS_TO_KMH = 1.852;

export function msToKmh(ms: number): number {
  return ms * MS_TO_KMH;
}

export function knotsToKmh(knots: number): number {
  return knots * KNOTS_TO_KMH;
}

/** Rounds to a fixed number of decimals, for compact wire values. */
export function round(value: number, decimals: number): number {
  const f = 10 ** decimals;
  return Math.round(value * f) / f;
}
