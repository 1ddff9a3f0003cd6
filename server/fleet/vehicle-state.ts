import { bearingDegrees, distanceMeters } from '../../lib/geo/distance';
import type { Fix } from '../ingest/fix';

/** What the server knows about one vehicle now. */
export interface VehicleState {
  vehicleId: string;
  fleetId: string;
  /** The newest fix by device time. */
  fix: Fix;
  /** Reported, or derived from the last movement; absent when unknown. */
  heading?: number;
  /** Distance travelled since the server first saw the vehicle, km. */
  odometerKm: number;
  /** Server time the newest fix arrived. */
  receivedAt: number;
}

export type Applied =
  { kind: 'current'; state: VehicleState } | { kind: 'late' } | { kind: 'duplicate' };

export interface VehicleContext {
  fleetId: string;
  /** Device seconds per real second: replays run their clocks fast. */
  timeScale: number;
  receivedAt: number;
}

/** Below this step, GPS jitter decides the bearing, so keep the old one. */
export const MIN_HEADING_STEP_M = 15;

/** Faster than this between two fixes is a jump, not travel. */
export const MAX_PLAUSIBLE_SPEED_MS = 70;

/**
 * Folds one validated fix into a vehicle's state. Device time decides:
 * a fix older than the current one is history, never the current position,
 * so buffered uploads cannot drag a vehicle backwards.
 */
export function applyFix(
  prev: VehicleState | undefined,
  fix: Fix,
  ctx: VehicleContext,
): Applied {
  if (prev && fix.deviceTime === prev.fix.deviceTime) return { kind: 'duplicate' };
  if (prev && fix.deviceTime < prev.fix.deviceTime) return { kind: 'late' };

  const step = prev && !fix.trackBreak ? travelled(prev.fix, fix, ctx.timeScale) : null;
  const base: VehicleState = {
    vehicleId: fix.vehicleId,
    fleetId: ctx.fleetId,
    fix,
    odometerKm: fix.odometerKm ?? (prev?.odometerKm ?? 0) + (step ?? 0) / 1000,
    receivedAt: ctx.receivedAt,
  };
  const heading = deriveHeading(prev, fix, step);
  return { kind: 'current', state: heading === undefined ? base : { ...base, heading } };
}

/** Metres between two fixes, or null when the step is not physically possible. */
function travelled(a: Fix, b: Fix, timeScale: number): number | null {
  const metres = distanceMeters(a, b);
  const seconds = ((b.deviceTime - a.deviceTime) / 1000) * timeScale;
  if (seconds <= 0) return null;
  return metres / seconds > MAX_PLAUSIBLE_SPEED_MS ? null : metres;
}

function deriveHeading(
  prev: VehicleState | undefined,
  fix: Fix,
  step: number | null,
): number | undefined {
  if (fix.heading !== undefined) return fix.heading;
  // No previous fix, a declared break or a jump: the bearing is unknown.
  if (!prev || step === null) return undefined;
  if (step >= MIN_HEADING_STEP_M) return bearingDegrees(prev.fix, fix);
  return prev.heading;
}
