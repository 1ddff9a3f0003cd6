// Free of dependencies: the browser's client SDK imports it.

/**
 * One fleet's entry of a client's `offsets`. Only the object's own keys
 * count: a fleet named `constructor` or `toString` must not read what
 * Object.prototype holds under that name.
 */
export function offsetOf(
  offsets: Record<string, number> | undefined,
  fleetId: string,
): number | undefined {
  return offsets && Object.hasOwn(offsets, fleetId) ? offsets[fleetId] : undefined;
}
