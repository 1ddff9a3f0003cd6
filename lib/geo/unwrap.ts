/**
 * Longitudes of a line made continuous across the antimeridian: each one
 * is moved by whole turns to lie within 180° of the one before, so a step
 * from 179.95 to -179.90 is drawn as 16 km east (to 180.10), not as a line
 * around the world. Renderers join consecutive points as given (C09).
 */
export function unwrapLongitudes<T extends readonly number[]>(
  coordinates: readonly T[],
): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  let previous: number | undefined;
  for (const [lon = 0, lat = 0] of coordinates) {
    let x = lon;
    if (previous !== undefined) x += 360 * Math.round((previous - x) / 360);
    out.push([x, lat]);
    previous = x;
  }
  return out;
}
