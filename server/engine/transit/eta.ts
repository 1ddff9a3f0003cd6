import { plannedTimeAt } from './timetable-position';
import type { Passage } from './stop-passage';
import type { PlannedTrip } from './types';

/**
 * Arrival predictions for the stops ahead of a bus, from where it is
 * now. Three effects, each simple to explain:
 *
 * 1. The bus carries its current delay, measured where it stands
 *    (mostly) and at the last stop it passed (a little, which damps the
 *    GPS noise in the first).
 * 2. The delay fades the further ahead the stop lies in the timetable:
 *    a late bus uses the slack built into its schedule, an early one
 *    waits or dawdles. One time constant, fitted on other days.
 * 3. Each stretch between two stops has a typical gain or loss against
 *    its timetable, learned from other days, counted at half weight.
 *
 * No prediction lies sooner than the bus could get there at top speed.
 * Holding early buses at timepoints was tried as a fourth effect; the
 * recorded buses recover only 14–29 % of their earliness there, and a
 * fitted hold did worse on a day unlike the ones it was fitted on.
 */

/** What the model knows of a vehicle on its trip at one moment. */
export interface VehicleOnTrip {
  t: number;
  alongKm: number;
  /** Index of the next stop to pass. */
  nextStop: number;
  lastPassed?: Passage;
  speedKmh?: number;
}

export interface EtaParams {
  /** Time constant of the delay's fading over timetable time, min. */
  decayMin: number;
  /** Weight of the current delay against the last stop's, 0–1. */
  currentDelayWeight: number;
  /** Weight of the learned stretch gains, 0–1. */
  segmentWeight: number;
  topSpeedKmh: number;
  /** Typical (actual − planned) running time per stretch, ms; see segmentKey. */
  segments: ReadonlyMap<string, number>;
}

/**
 * Fitted on the three recorded days of shared/data (see eta-fit.ts);
 * without stretch gains, which depend on the timetable in use.
 */
export const DEFAULT_ETA_PARAMS: EtaParams = {
  decayMin: 45,
  currentDelayWeight: 0.85,
  segmentWeight: 0.5,
  topSpeedKmh: 60,
  segments: new Map(),
};

const MINUTE_MS = 60_000;
const HOUR_MS = 3_600_000;

/** Identifies the stretch from one stop to the next, across trips. */
export function segmentKey(fromStopId: string, toStopId: string): string {
  return `${fromStopId}>${toStopId}`;
}

/** How late the vehicle is where it stands now, ms; positive is late. */
export function currentDelayMs(plan: PlannedTrip, v: VehicleOnTrip): number {
  const first = plan.stops[0]?.plannedAt ?? v.t;
  // Waiting at the first stop before its time is not running early.
  if (v.nextStop === 0 && v.t < first) return 0;
  return v.t - plannedTimeAt(plan, v.alongKm);
}

/** The delay at the last stop passed, ms; 0 before any. */
export function lastStopDelayMs(plan: PlannedTrip, v: VehicleOnTrip): number {
  const last = v.lastPassed;
  const stop = last && plan.stops[last.index];
  return last && stop ? last.at - stop.plannedAt : 0;
}

/** Predicted arrivals at stops nextStop, nextStop + 1, …, epoch ms. */
export function predictArrivals(
  plan: PlannedTrip,
  v: VehicleOnTrip,
  params: EtaParams = DEFAULT_ETA_PARAMS,
): number[] {
  const w = params.currentDelayWeight;
  const delay = w * currentDelayMs(plan, v) + (1 - w) * lastStopDelayMs(plan, v);
  const plannedHere = plannedTimeAt(plan, v.alongKm);
  const kmPerMs = params.topSpeedKmh / HOUR_MS;

  const out: number[] = [];
  let gain = 0;
  for (let j = v.nextStop; j < plan.stops.length; j++) {
    const stop = plan.stops[j];
    if (!stop) break;
    gain += stretchGain(plan, j, v.alongKm, params);

    const ahead = Math.max(0, stop.plannedAt - plannedHere) / MINUTE_MS;
    const carried = delay * Math.exp(-ahead / params.decayMin);
    const soonest = v.t + Math.max(0, stop.alongKm - v.alongKm) / kmPerMs;
    const predicted = stop.plannedAt + carried + params.segmentWeight * gain;
    out.push(Math.round(Math.max(soonest, predicted)));
  }
  return out;
}

/** The learned gain of the stretch into stop j, for the part still ahead. */
function stretchGain(
  plan: PlannedTrip,
  j: number,
  alongKm: number,
  params: EtaParams,
): number {
  const from = plan.stops[j - 1];
  const to = plan.stops[j];
  if (!from || !to) return 0;
  const gain = params.segments.get(segmentKey(from.stopId, to.stopId));
  if (gain === undefined) return 0;

  const span = to.alongKm - from.alongKm;
  const left = span > 0 ? (to.alongKm - alongKm) / span : 1;
  return gain * Math.min(1, Math.max(0, left));
}
