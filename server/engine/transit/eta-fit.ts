import type { ObservedRun } from './day-tracking';
import {
  currentDelayMs,
  DEFAULT_ETA_PARAMS,
  lastStopDelayMs,
  segmentKey,
  type EtaParams,
} from './eta';
import { EVALUATION_HORIZON_MS } from './eta-evaluation';
import { plannedTimeAt } from './timetable-position';

/**
 * Learns the ETA model's parameters from observed runs of other days:
 * each stretch's typical gain against the timetable, and the delay's
 * time constant by a grid search for the least absolute error over the
 * evaluation's own horizon. The constant is fitted without the stretch
 * gains, which would be judged on the very runs they came from.
 * Deterministic: same runs, same parameters.
 */

/** Pulls a stretch seen only a few times towards no gain. */
const SHRINK_TRAVERSALS = 2;

const DECAYS_MIN = [20, 30, 45, 60, 90, 120];
const MINUTE_MS = 60_000;

export function learnEtaParams(
  runs: readonly ObservedRun[],
  base: EtaParams = DEFAULT_ETA_PARAMS,
): EtaParams {
  const usable = runs.filter((run) => !run.dataError);
  if (usable.length === 0) return base;

  const rows = collectRows(usable, base);
  return {
    ...base,
    decayMin: argmin(DECAYS_MIN, (tau) => lossOf(rows, tau)),
    segments: learnSegments(usable),
  };
}

/** Mean (actual − planned) running time per stretch, shrunk, ms. */
export function learnSegments(runs: readonly ObservedRun[]): Map<string, number> {
  const sums = new Map<string, { total: number; n: number }>();
  for (const run of runs) {
    const { stops } = run.plan;
    for (let j = 1; j < stops.length; j++) {
      const from = stops[j - 1];
      const to = stops[j];
      const left = run.arrivals.get(j - 1);
      const arrived = run.arrivals.get(j);
      if (!from || !to || left === undefined || arrived === undefined) continue;

      const gain = arrived - left - (to.plannedAt - from.plannedAt);
      const key = segmentKey(from.stopId, to.stopId);
      const sum = sums.get(key) ?? { total: 0, n: 0 };
      sum.total += gain;
      sum.n += 1;
      sums.set(key, sum);
    }
  }

  const segments = new Map<string, number>();
  for (const [key, { total, n }] of sums) {
    segments.set(key, total / (n + SHRINK_TRAVERSALS));
  }
  return segments;
}

/** One judged prediction, reduced to what the decay acts on. */
interface Row {
  actual: number;
  planned: number;
  soonest: number;
  delay: number;
  aheadMin: number;
}

function collectRows(runs: readonly ObservedRun[], params: EtaParams): Row[] {
  const rows: Row[] = [];
  const kmPerMs = params.topSpeedKmh / 3_600_000;
  const w = params.currentDelayWeight;

  for (const run of runs) {
    const { stops } = run.plan;
    for (const v of run.moments) {
      const delay =
        w * currentDelayMs(run.plan, v) + (1 - w) * lastStopDelayMs(run.plan, v);
      const plannedHere = plannedTimeAt(run.plan, v.alongKm);

      for (let j = v.nextStop; j < stops.length; j++) {
        const stop = stops[j];
        if (!stop) break;
        const actual = run.arrivals.get(j);
        const inHorizon =
          actual !== undefined && actual > v.t && actual - v.t <= EVALUATION_HORIZON_MS;
        if (inHorizon) {
          rows.push({
            actual,
            planned: stop.plannedAt,
            soonest: v.t + Math.max(0, stop.alongKm - v.alongKm) / kmPerMs,
            delay,
            aheadMin: Math.max(0, stop.plannedAt - plannedHere) / MINUTE_MS,
          });
        }
      }
    }
  }
  return rows;
}

function lossOf(rows: readonly Row[], tauMin: number): number {
  let loss = 0;
  for (const r of rows) {
    const carried = r.delay * Math.exp(-r.aheadMin / tauMin);
    loss += Math.abs(Math.max(r.soonest, r.planned + carried) - r.actual);
  }
  return loss;
}

/** The first candidate with the least loss; candidates must not be empty. */
function argmin<T>(candidates: readonly T[], loss: (c: T) => number): T {
  let best = candidates[0] as T;
  let bestLoss = Infinity;
  for (const c of candidates) {
    const l = loss(c);
    if (l < bestLoss) {
      best = c;
      bestLoss = l;
    }
  }
  return best;
}
