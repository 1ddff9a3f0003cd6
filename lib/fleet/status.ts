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

/**
 * Every status, in the order filters offer them. Read from the labels so
 * that a status added there shows up in every filter without more edits.
 */
export const VEHICLE_STATUSES = Object.keys(STATUS_LABEL) as VehicleStatus[];
