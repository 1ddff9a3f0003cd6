import type { FleetAlert } from '../alerts/alert';
import type { Vehicle } from '../fleet/vehicle';
import type { FleetInfo } from '../protocol';

/**
 * What a fleet's page keeps in localStorage so that a reload while
 * offline still shows where the vehicles were and which alerts were open.
 */
export interface CachedFleet {
  /** When the data was saved, epoch ms. */
  savedAt: number;
  fleet: FleetInfo | null;
  labels: Record<string, string>;
  vehicles: Vehicle[];
  /** Open alerts only, newest raised first. */
  alerts: FleetAlert[];
}

/**
 * Bounds of one fleet's entry. localStorage holds about 5 MB per origin,
 * shared by every fleet and setting; an entry over `bytes` is not saved.
 */
export const CACHE_LIMITS = { vehicles: 2000, alerts: 200, bytes: 1_000_000 } as const;

/** The part of Web Storage the cache uses. */
export interface StorageLike {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
}

const VERSION = 1;

export function cacheKey(fleetId: string): string {
  return `fleetlight:fleet:${fleetId}:v${VERSION}`;
}

/** The cacheable part of a fleet's state, within CACHE_LIMITS. */
export function toCached(
  state: {
    fleet: FleetInfo | null;
    labels: Record<string, string>;
    vehicles: Record<string, Vehicle>;
    alerts: readonly FleetAlert[];
  },
  savedAt: number,
): CachedFleet {
  const vehicles = Object.values(state.vehicles)
    .sort((a, b) => b.deviceTime - a.deviceTime)
    .slice(0, CACHE_LIMITS.vehicles);
  const alerts = state.alerts
    .filter((a) => a.status !== 'resolved')
    .slice(0, CACHE_LIMITS.alerts);
  return { savedAt, fleet: state.fleet, labels: state.labels, vehicles, alerts };
}

/**
 * Saves a fleet's entry; false when it is over the byte bound or the
 * browser refused it (quota, private mode), in which case the older entry
 * stays.
 */
export function saveCached(
  storage: StorageLike,
  fleetId: string,
  cached: CachedFleet,
): boolean {
  const json = JSON.stringify(cached);
  if (json.length > CACHE_LIMITS.bytes) return false;
  try {
    storage.setItem(cacheKey(fleetId), json);
    return true;
  } catch {
    return false;
  }
}

/** A fleet's entry, or null when there is none or it is unreadable. */
export function loadCached(storage: StorageLike, fleetId: string): CachedFleet | null {
  let parsed: unknown;
  try {
    parsed = JSON.parse(storage.getItem(cacheKey(fleetId)) ?? 'null');
  } catch {
    return null;
  }
  if (typeof parsed !== 'object' || parsed === null) return null;
  const c = parsed as Partial<CachedFleet>;
  const valid =
    typeof c.savedAt === 'number' &&
    Array.isArray(c.vehicles) &&
    Array.isArray(c.alerts) &&
    typeof c.labels === 'object' &&
    c.labels !== null;
  return valid ? (c as CachedFleet) : null;
}
