import type { Sample } from '../sample';

/**
 * Turns raw samples into speed readings the source really measured, and
 * readings into accelerations that can be trusted. The rules, in order:
 *
 * 1. A sample with no finite, non-negative speed, or not later than the
 *    previous one, is skipped.
 * 2. A sample whose speed equals the previous sample's is not a new
 *    reading. KIT's logger refreshes one PID per row in turn and carries
 *    the other nine forward, so speed repeats on nine rows in ten; a
 *    repeat is never a fresh measurement we could date. The cost is that
 *    a reading is dated when its value first appears, so the first change
 *    after a steady stretch is measured over the whole stretch: biased
 *    towards gentle, never towards harsh.
 * 3. A reading whose change from the previous reading exceeds
 *    `maxAccelMps2` cannot be driven, so it is bad data: it is dropped,
 *    counted, and the series restarts at the next reading, so that no
 *    step is ever measured across it (VED has rows 0.1 s apart whose
 *    speeds differ by 13 km/h, −36 m/s²).
 * 4. Acceleration is measured from the newest reading at least
 *    `minBaselineMs` older. With whole km/h, a shorter baseline would turn
 *    one quantisation step into a harsh reading (1 km/h in 0.1 s is
 *    2.8 m/s²); over 0.7 s it is 0.4 m/s² at most.
 */
export interface SpeedSeriesSettings {
  /** Above this |acceleration| (m/s²) a reading is bad data. */
  maxAccelMps2: number;
  /** Shortest time (ms) an acceleration is measured over. */
  minBaselineMs: number;
}

export interface SpeedReading {
  t: number;
  speedKmh: number;
  lat?: number;
  lon?: number;
}

export interface SpeedStep {
  from: SpeedReading;
  to: SpeedReading;
  /** Negative while slowing down. */
  accelMps2: number;
}

export type SeriesUpdate =
  /** Not a new reading: missing, out of order or repeated. */
  | { kind: 'none' }
  /** A new reading with nothing old enough yet to measure from. */
  | { kind: 'reading' }
  | { kind: 'step'; step: SpeedStep }
  /** An impossible change: the reading was dropped, the series restarts. */
  | { kind: 'rejected' };

export interface SpeedSeries {
  push(sample: Sample): SeriesUpdate;
  /** Readings dropped so far under rule 3. */
  readonly rejected: number;
}

export function createSpeedSeries(settings: SpeedSeriesSettings): SpeedSeries {
  let lastT = -Infinity;
  let lastSpeed: number | undefined;
  let history: SpeedReading[] = [];
  let rejected = 0;

  function push(sample: Sample): SeriesUpdate {
    const speed = sample.speedKmh;
    if (speed === undefined || !Number.isFinite(speed) || speed < 0) return NONE;
    if (!(sample.t > lastT)) return NONE;
    lastT = sample.t;
    if (speed === lastSpeed) return NONE;
    lastSpeed = speed;

    const reading = toReading(sample, speed);
    const previous = history.at(-1);
    if (previous && !drivable(previous, reading, settings.maxAccelMps2)) {
      rejected += 1;
      history = [];
      return REJECTED;
    }

    history.push(reading);
    const at = anchorIndex(history, reading.t - settings.minBaselineMs);
    if (at === -1) return READING;
    // Later readings are later still, so nothing before the anchor is needed.
    history = history.slice(at);
    const from = history[0];
    if (!from) return READING;
    return { kind: 'step', step: { from, to: reading, accelMps2: accel(from, reading) } };
  }

  return {
    push,
    get rejected() {
      return rejected;
    },
  };
}

const KMH_TO_MPS = 1 / 3.6;
const NONE: SeriesUpdate = { kind: 'none' };
const READING: SeriesUpdate = { kind: 'reading' };
const REJECTED: SeriesUpdate = { kind: 'rejected' };

/** Acceleration from one reading to a later one, m/s². */
function accel(from: SpeedReading, to: SpeedReading): number {
  const dv = (to.speedKmh - from.speedKmh) * KMH_TO_MPS;
  return dv / ((to.t - from.t) / 1000);
}

function drivable(from: SpeedReading, to: SpeedReading, maxMps2: number): boolean {
  return Math.abs(accel(from, to)) <= maxMps2;
}

/** Index of the newest reading at or before `cutoff`, or −1. */
function anchorIndex(history: SpeedReading[], cutoff: number): number {
  for (let i = history.length - 1; i >= 0; i--) {
    if ((history[i]?.t ?? Infinity) <= cutoff) return i;
  }
  return -1;
}

function toReading(sample: Sample, speedKmh: number): SpeedReading {
  const reading: SpeedReading = { t: sample.t, speedKmh };
  if (sample.lat !== undefined) reading.lat = sample.lat;
  if (sample.lon !== undefined) reading.lon = sample.lon;
  return reading;
}
