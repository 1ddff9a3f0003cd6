import type { Vehicle } from './vehicle';

export type VehicleStatus = 'moving' | 'stopped' | 'stale';

/** Below this speed a vehicle counts as stopped (GPS speed noise). */
export const MOVING_KMH = 2;

/** A vehicle whose newest fix is older than this is stale. */
export const DEFAULT_STALE_MS = 5 * 60_000;

export function vehicleStatus(
  v: Vehicle,
  now: number,
  staleMs: number = DEFAULT_STALE_MS,
): VehicleStatus {
  if (now - v.deviceTime > staleMs) return 'stale';
  return (v.speed ?? 0) >= MOVING_KMH ? 'moving' : 'stopped';
}

export const STATUS_LABEL: Record<VehicleStatus, string> = {
  moving: 'Moving',
  stopped: 'Stopped',
  stale: 'Stale',
};
