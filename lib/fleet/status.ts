import { isOpen, isUrgent, type FleetAlert } from '../alerts/alert';
import type { Vehicle } from './vehicle';

export type VehicleStatus = 'moving' | 'idle' | 'stopped' | 'stale' | 'alerting';

/** Below this speed a vehicle counts as stopped (GPS speed noise). */
export const MOVING_KMH = 2;

/** A vehicle whose newest fix is older than this is stale. */
export const DEFAULT_STALE_MS = 5 * 60_000;

/**
 * What the map and the list say a vehicle is doing. An open urgent alert
 * outranks everything, so a stale vehicle with a crash alert still shows
 * red. A vehicle standing still with its engine running (the device
 * reported engine revolutions) is idle; without engine data it is stopped.
 */
export function vehicleStatus(
  v: Vehicle,
  now: number,
  staleMs: number = DEFAULT_STALE_MS,
  alerting = false,
): VehicleStatus {
  if (alerting) return 'alerting';
  if (now - v.deviceTime > staleMs) return 'stale';
  if ((v.speed ?? 0) >= MOVING_KMH) return 'moving';
  return (v.telemetry?.engine_rpm ?? 0) > 0 ? 'idle' : 'stopped';
}

/** Vehicles with an open high or critical alert. */
export function alertingVehicles(alerts: readonly FleetAlert[]): Set<string> {
  const ids = new Set<string>();
  for (const a of alerts) if (isOpen(a) && isUrgent(a)) ids.add(a.vehicleId);
  return ids;
}

export const STATUS_LABEL: Record<VehicleStatus, string> = {
  moving: 'Moving',
  idle: 'Idle',
  stopped: 'Stopped',
  stale: 'Stale',
  alerting: 'Alerting',
};

/** One colour per status, shared by the map layers and the legend. */
export const STATUS_COLOUR: Record<VehicleStatus, string> = {
  moving: '#1a7f37',
  idle: '#8250df',
  stopped: '#c27803',
  stale: '#8c959f',
  alerting: '#cf222e',
};

/** Status order as the map's vertex data numbers it. */
export const STATUS_ORDER: readonly VehicleStatus[] = [
  'moving',
  'idle',
  'stopped',
  'stale',
  'alerting',
];

/**
 * Every status, in the order filters offer them. Read from the labels so
 * that a status added there shows up in every filter without more edits.
 */
export const VEHICLE_STATUSES = Object.keys(STATUS_LABEL) as VehicleStatus[];
