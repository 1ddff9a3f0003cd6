import type { Vehicle } from '../fleet/vehicle';
import type { TelemetryPayload } from '../protocol';

/** One sample of a vehicle's readings, for its sparklines. */
export interface HistoryPoint {
  /** Device time, epoch ms. */
  at: number;
  /** km/h. */
  speed?: number;
  rpm?: number;
  /** Engine coolant temperature, °C. */
  coolant?: number;
}

/** Samples kept per vehicle: about ten minutes at one fix every 10 s. */
export const HISTORY_CAP = 60;

/**
 * Appends a sample in device-time order and trims to the cap. A sample
 * older than the newest is dropped (a late fix); one at the same time
 * fills in what the newest lacks (a position and its telemetry arrive
 * apart). Returns the same array when nothing changed.
 */
export function appendHistory(
  list: readonly HistoryPoint[],
  point: HistoryPoint,
  cap: number = HISTORY_CAP,
): HistoryPoint[] {
  const last = list.at(-1);
  if (last && point.at < last.at) return list as HistoryPoint[];
  if (last && point.at === last.at) {
    return [...list.slice(0, -1), { ...last, ...point }];
  }
  const next = list.length < cap ? [...list] : list.slice(list.length - cap + 1);
  next.push(point);
  return next;
}

export function pointFromVehicle(v: Vehicle): HistoryPoint {
  const p: HistoryPoint = { at: v.deviceTime };
  if (v.speed !== undefined) p.speed = v.speed;
  if (v.telemetry?.engine_rpm !== undefined) p.rpm = v.telemetry.engine_rpm;
  if (v.telemetry?.engine_temp !== undefined) p.coolant = v.telemetry.engine_temp;
  return p;
}

/** A telemetry message as a sample; null when its time is unreadable. */
export function pointFromTelemetry(t: TelemetryPayload): HistoryPoint | null {
  const at = Date.parse(t.sampled_at);
  if (!Number.isFinite(at)) return null;
  const p: HistoryPoint = { at };
  const v = t.telemetry;
  if (v.speed !== undefined) p.speed = v.speed;
  if (v.engine_rpm !== undefined) p.rpm = v.engine_rpm;
  if (v.engine_temp !== undefined) p.coolant = v.engine_temp;
  return p;
}
