import { DEFAULT_SAFETY_SETTINGS } from '../../../../server/engine/detectors/settings';
import type { Detector, DetectorEvent } from '../../../../server/engine/detectors/types';
import type { Sample } from '../../../../server/engine/sample';

/** Start of every hand-made sequence: 2024-01-01T00:00:00Z. */
export const T0 = Date.UTC(2024, 0, 1);

export const DEFAULTS = DEFAULT_SAFETY_SETTINGS;

interface RowOptions {
  /** Rows per reading: KIT refreshes speed on one row in 10. */
  rowsPerReading?: number;
  rowMs?: number;
  engineRpm?: number;
}

/**
 * Samples the way KIT's logger writes them: one speed reading per second,
 * carried forward on the rows in between, a row every 100 ms.
 */
export function roundRobin(speeds: number[], options: RowOptions = {}): Sample[] {
  const { rowsPerReading = 10, rowMs = 100, engineRpm = 1500 } = options;
  return speeds.flatMap((speedKmh, reading) =>
    Array.from({ length: rowsPerReading }, (_, row) => ({
      t: T0 + (reading * rowsPerReading + row) * rowMs,
      speedKmh,
      engineRpm,
    })),
  );
}

/** Feeds every sample, then finishes, collecting all events in order. */
export function run(detector: Detector, samples: Sample[]): DetectorEvent[] {
  const events = samples.flatMap((s) => detector.step(s));
  return [...events, ...detector.finish()];
}

/** A steady stop: `kmhPerS` off every second from `from` down to 0. */
export function stopFrom(from: number, kmhPerS: number): number[] {
  const speeds: number[] = [];
  for (let v = from; v > 0; v -= kmhPerS) speeds.push(v);
  return [...speeds, 0];
}
