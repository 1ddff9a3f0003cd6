import type { Fix } from '../ingest/fix';

/**
 * What every recorded source loads into: fixes on the recording's own
 * clock, ready for the replayer to shift into the present. Device time and
 * track breaks are left out because the replayer decides both.
 */
export interface RecordedFix {
  /** When the fix was recorded, epoch ms UTC (or a synthetic timeline). */
  recordedTime: number;
  fix: Omit<Fix, 'deviceTime' | 'trackBreak'>;
}

export interface Recording {
  fleetId: string;
  /** Sorted by recordedTime, ties by vehicleId. */
  fixes: RecordedFix[];
  /** First and last recordedTime; both 0 for an empty recording. */
  start: number;
  end: number;
}

export interface FleetInfo {
  id: string;
  name: string;
}

export interface VehicleInfo {
  id: string;
  /** What a person reads on the map, e.g. "Bus 5012". */
  label: string;
  fleetId: string;
}

/** A data row a loader refused, kept so the caller can count and report it. */
export interface RejectedRow<Reason extends string = string> {
  /** 1-based data row; the header is not counted. */
  row: number;
  reason: Reason;
}

/** Sorts the fixes in place and wraps them with their time span. */
export function makeRecording(fleetId: string, fixes: RecordedFix[]): Recording {
  fixes.sort(byRecordedTime);
  const start = fixes[0]?.recordedTime ?? 0;
  const end = fixes.at(-1)?.recordedTime ?? 0;
  return { fleetId, fixes, start, end };
}

export function byRecordedTime(a: RecordedFix, b: RecordedFix): number {
  const dt = a.recordedTime - b.recordedTime;
  if (dt !== 0) return dt;
  const va = a.fix.vehicleId;
  const vb = b.fix.vehicleId;
  return va < vb ? -1 : va > vb ? 1 : 0;
}

export interface BusyWindow {
  /** recordedTime of the first fix in the window. */
  start: number;
  /** Distinct vehicles reporting in [start, start + windowMs). */
  vehicles: number;
}

/**
 * The window of `windowMs` with the most distinct vehicles reporting,
 * sliding over every fix as a possible start. Ties go to the earliest, so
 * the result is stable. An empty recording answers its own start with 0.
 */
export function busiestWindow(recording: Recording, windowMs: number): BusyWindow {
  if (!(windowMs > 0)) throw new RangeError('windowMs must be positive');

  const fixes = recording.fixes;
  const inWindow = new Map<string, number>();
  let best: BusyWindow = { start: recording.start, vehicles: 0 };
  let right = 0;

  for (const first of fixes) {
    const limit = first.recordedTime + windowMs;
    for (let next = fixes[right]; next && next.recordedTime < limit;) {
      const id = next.fix.vehicleId;
      inWindow.set(id, (inWindow.get(id) ?? 0) + 1);
      next = fixes[++right];
    }

    if (inWindow.size > best.vehicles) {
      best = { start: first.recordedTime, vehicles: inWindow.size };
    }

    // Slide: the first fix leaves before the next start is tried.
    const id = first.fix.vehicleId;
    const left = (inWindow.get(id) ?? 1) - 1;
    if (left === 0) inWindow.delete(id);
    else inWindow.set(id, left);
  }

  return best;
}

/** Where a demo should begin: the start of the busiest window. */
export function busiestTime(recording: Recording, windowMs: number): number {
  return busiestWindow(recording, windowMs).start;
}
