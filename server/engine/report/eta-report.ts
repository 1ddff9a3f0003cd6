import type { ObservedRun } from '../transit/day-tracking';
import { DEFAULT_ETA_PARAMS, type EtaParams } from '../transit/eta';
import { mae, scoreRuns, type MethodErrors } from '../transit/eta-evaluation';
import { learnEtaParams } from '../transit/eta-fit';
import { trackRecordedDays } from './eta-days';
import { findRecordedDays, type RecordedDay } from './eta-inputs';

/**
 * How well the ETA model does on every recorded day that has a
 * timetable, against the two baselines, by the evaluation protocol of
 * eta-evaluation.ts. Each day is predicted with parameters learned from
 * the other days only; a day with no other day beside it gets the
 * shipped defaults.
 */

export interface MaeTriple {
  model: number;
  timetable: number;
  delay: number;
}

export interface EtaDayRow {
  date: string;
  /** Mean absolute error over all stops ahead, seconds. */
  mae: MaeTriple;
  /** The same for the next stop only. */
  nextStopMae: MaeTriple;
  /** How much lower the model's MAE is, %; positive is better. */
  gainOverTimetable: number;
  gainOverDelay: number;
  predictions: number;
  nextStopPredictions: number;
  /** Trips left out as data errors (feed contradicts timetable > 20 min). */
  dataErrorTrips: number;
  /** Waypoints observed on the trips kept. */
  stopsServed: number;
  /** Share of those within 1 min early to 5 min late, %. */
  onTimePercent: number;
  /** The days whose data the model learned from. */
  learnedFrom: string[];
}

export interface EtaReport {
  days: EtaDayRow[];
  /** Recorded days no timetable covers. */
  unscheduled: string[];
  /** Parameters learned from every day together, for the running server. */
  learned: EtaParams;
}

/** The goal: 30 % under the timetable, 15 % under delay propagation. */
export const GOAL = { overTimetable: 30, overDelay: 15 } as const;

export function meetsGoal(row: EtaDayRow): boolean {
  return (
    row.gainOverTimetable >= GOAL.overTimetable && row.gainOverDelay >= GOAL.overDelay
  );
}

export async function etaReport(dataDirs: readonly string[]): Promise<EtaReport> {
  const found = await findRecordedDays(dataDirs);
  const tracked = await trackRecordedDays(found.days);

  const days = found.days.map((day) => {
    const others = found.days.filter((d) => d.date !== day.date);
    const training = others.flatMap((d) => tracked.get(d.date) ?? []);
    const params = training.length > 0 ? learnEtaParams(training) : DEFAULT_ETA_PARAMS;
    const runs = tracked.get(day.date) ?? [];
    return dayRow(day.date, runs, scoreRuns(runs, params), others);
  });
  const all = found.days.flatMap((d) => tracked.get(d.date) ?? []);
  const learned = all.length > 0 ? learnEtaParams(all) : DEFAULT_ETA_PARAMS;
  return { days, unscheduled: found.unscheduled, learned };
}

const ON_TIME_EARLY_MS = 60_000;
const ON_TIME_LATE_MS = 5 * 60_000;

function dayRow(
  date: string,
  runs: readonly ObservedRun[],
  score: ReturnType<typeof scoreRuns>,
  others: readonly RecordedDay[],
): EtaDayRow {
  const kept = runs.filter((r) => !r.dataError);
  let served = 0;
  let onTime = 0;
  for (const run of kept) {
    for (const [index, at] of run.arrivals) {
      const planned = run.plan.stops[index]?.plannedAt ?? at;
      served += 1;
      const late = at - planned;
      if (late >= -ON_TIME_EARLY_MS && late <= ON_TIME_LATE_MS) onTime += 1;
    }
  }

  const all = triple(score.all);
  return {
    date,
    mae: all,
    nextStopMae: triple(score.nextStop),
    gainOverTimetable: gain(all.model, all.timetable),
    gainOverDelay: gain(all.model, all.delay),
    predictions: score.all.model.count,
    nextStopPredictions: score.nextStop.model.count,
    dataErrorTrips: score.dataErrorRuns,
    stopsServed: served,
    onTimePercent: served > 0 ? round1((100 * onTime) / served) : 0,
    learnedFrom: others.map((d) => d.date),
  };
}

function triple(errors: MethodErrors): MaeTriple {
  return {
    model: round1(mae(errors.model)),
    timetable: round1(mae(errors.timetable)),
    delay: round1(mae(errors.delay)),
  };
}

function gain(model: number, baseline: number): number {
  return baseline > 0 ? round1((100 * (baseline - model)) / baseline) : 0;
}

function round1(x: number): number {
  return Math.round(x * 10) / 10;
}

const COLUMNS = [
  'day',
  'MAE model s',
  'MAE timetable s',
  'MAE delay s',
  'vs timetable',
  'vs delay',
  'next stop: model / timetable / delay s',
  'predictions',
  'data-error trips',
  'stops served',
  'on time',
  'goal',
];

/** The report as a markdown table, one row per day, then notes. */
export function renderEtaReport(report: EtaReport): string {
  const header = [`| ${COLUMNS.join(' | ')} |`, `| --- |${' ---: |'.repeat(10)} --- |`];
  const rows = report.days.map((d) =>
    [
      d.date,
      fixed(d.mae.model),
      fixed(d.mae.timetable),
      fixed(d.mae.delay),
      percent(d.gainOverTimetable),
      percent(d.gainOverDelay),
      [d.nextStopMae.model, d.nextStopMae.timetable, d.nextStopMae.delay]
        .map(fixed)
        .join(' / '),
      d.predictions.toLocaleString('en-US'),
      String(d.dataErrorTrips),
      d.stopsServed.toLocaleString('en-US'),
      percent(d.onTimePercent),
      meetsGoal(d) ? 'met' : 'missed',
    ].join(' | '),
  );

  const notes = [
    '',
    `Goal: MAE ${GOAL.overTimetable} % under the timetable and ` +
      `${GOAL.overDelay} % under delay propagation (stops reached ` +
      'within 30 min of each fix).',
    'Each day is predicted with parameters learned from the other days only.',
    'On time: 1 min early to 5 min late.',
  ];
  if (report.unscheduled.length > 0) {
    notes.push(`No timetable covers: ${report.unscheduled.join(', ')}.`);
  }
  return [...header, ...rows.map((r) => `| ${r} |`), ...notes].join('\n') + '\n';
}

function fixed(x: number): string {
  return Number.isNaN(x) ? '–' : x.toFixed(1);
}

function percent(x: number): string {
  return `${x.toFixed(1)} %`;
}
