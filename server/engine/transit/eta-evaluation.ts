import {
  lastStopDelayMs,
  predictArrivals,
  type EtaParams,
  type VehicleOnTrip,
} from './eta';
import type { ObservedRun } from './day-tracking';

/**
 * The ETA evaluation protocol: at every fix on a run's path, every stop
 * ahead whose actual arrival came within the horizon after the fix is
 * predicted three ways and compared to that arrival. Data-error runs
 * take no part. The baselines are the timetable itself, and the delay
 * at the last stop passed carried forward unchanged (none passed yet:
 * no delay).
 */

/** How far ahead predictions are judged. */
export const EVALUATION_HORIZON_MS = 30 * 60_000;

export type Method = 'model' | 'timetable' | 'delay';

export interface ErrorSum {
  /** Sum of |predicted − actual|, seconds. */
  absS: number;
  count: number;
}

export type MethodErrors = Record<Method, ErrorSum>;

export interface EtaScore {
  all: MethodErrors;
  /** Only the first stop ahead of each fix. */
  nextStop: MethodErrors;
  /** Runs left out as data errors. */
  dataErrorRuns: number;
}

export function scoreRuns(
  runs: readonly ObservedRun[],
  params: EtaParams,
  horizonMs: number = EVALUATION_HORIZON_MS,
): EtaScore {
  const score: EtaScore = {
    all: emptyErrors(),
    nextStop: emptyErrors(),
    dataErrorRuns: 0,
  };

  for (const run of runs) {
    if (run.dataError) {
      score.dataErrorRuns += 1;
      continue;
    }
    for (const moment of run.moments) {
      scoreMoment(run, moment, params, horizonMs, score);
    }
  }
  return score;
}

/** Mean absolute error, seconds; NaN with nothing counted. */
export function mae(sum: ErrorSum): number {
  return sum.count > 0 ? sum.absS / sum.count : Number.NaN;
}

function scoreMoment(
  run: ObservedRun,
  v: VehicleOnTrip,
  params: EtaParams,
  horizonMs: number,
  score: EtaScore,
): void {
  const { plan } = run;
  const delay = lastStopDelayMs(plan, v);
  let model: number[] | undefined;

  for (let j = v.nextStop; j < plan.stops.length; j++) {
    const actual = run.arrivals.get(j);
    const stop = plan.stops[j];
    if (actual === undefined || !stop) continue;
    if (actual <= v.t || actual - v.t > horizonMs) continue;

    model ??= predictArrivals(plan, v, params);
    const predicted: Record<Method, number> = {
      model: model[j - v.nextStop] ?? stop.plannedAt,
      timetable: stop.plannedAt,
      delay: stop.plannedAt + delay,
    };
    add(score.all, predicted, actual);
    if (j === v.nextStop) add(score.nextStop, predicted, actual);
  }
}

function add(
  errors: MethodErrors,
  predicted: Record<Method, number>,
  actual: number,
): void {
  for (const method of METHODS) {
    errors[method].absS += Math.abs(predicted[method] - actual) / 1000;
    errors[method].count += 1;
  }
}

const METHODS: readonly Method[] = ['model', 'timetable', 'delay'];

function emptyErrors(): MethodErrors {
  return {
    model: { absS: 0, count: 0 },
    timetable: { absS: 0, count: 0 },
    delay: { absS: 0, count: 0 },
  };
}
