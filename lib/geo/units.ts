/**
 * Conversions into the units Fleetlight uses on the wire (km/h, km, °C),
 * and out of them into the unit system a person reads.
 */

export const MS_TO_KMH = 3.6;
export const MPH_TO_KMH = 1.609344;
export const KNOTS_TO_KMH = 1.852;
export const KM_PER_MILE = 1.609344;

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

export type UnitSystem = 'metric' | 'imperial';

export const UNIT_SYSTEMS: readonly UnitSystem[] = ['metric', 'imperial'];

/** Regions whose roads are signed in miles and whose weather is in °F. */
const IMPERIAL_REGIONS = new Set(['US', 'LR', 'MM']);

/**
 * The unit system a locale reads by default: imperial for "en-US" and
 * the other regions in IMPERIAL_REGIONS, metric for the rest and for a
 * locale without a region.
 */
export function defaultUnits(locale: string | undefined): UnitSystem {
  if (!locale) return 'metric';
  let region: string | undefined;
  try {
    region = new Intl.Locale(locale).maximize().region;
  } catch {
    return 'metric';
  }
  return region && IMPERIAL_REGIONS.has(region) ? 'imperial' : 'metric';
}

export function isUnitSystem(value: unknown): value is UnitSystem {
  return value === 'metric' || value === 'imperial';
}

/** "43 km/h", "27 mph"; a dash when the device did not say. */
export function formatSpeed(kmh: number | undefined, units: UnitSystem): string {
  if (kmh === undefined) return '—';
  return units === 'imperial'
    ? `${Math.round(kmh / MPH_TO_KMH)} mph`
    : `${Math.round(kmh)} km/h`;
}

/** "4.2 km", "2.6 mi": one decimal, enough for a route's remainder. */
export function formatDistance(km: number, units: UnitSystem): string {
  return units === 'imperial'
    ? `${(km / KM_PER_MILE).toFixed(1)} mi`
    : `${km.toFixed(1)} km`;
}

/** "88 °C", "190 °F". */
export function formatTemperature(celsius: number, units: UnitSystem): string {
  return units === 'imperial'
    ? `${Math.round((celsius * 9) / 5 + 32)} °F`
    : `${Math.round(celsius)} °C`;
}

/** The speed unit's own label, for a chart axis or a tile. */
export function speedUnit(units: UnitSystem): string {
  return units === 'imperial' ? 'mph' : 'km/h';
}

/** A km/h value in the reader's unit, unrounded, for charts. */
export function toSpeed(kmh: number, units: UnitSystem): number {
  return units === 'imperial' ? kmh / MPH_TO_KMH : kmh;
}

/** A °C value in the reader's unit, unrounded, for charts. */
export function toTemperature(celsius: number, units: UnitSystem): number {
  return units === 'imperial' ? (celsius * 9) / 5 + 32 : celsius;
}
