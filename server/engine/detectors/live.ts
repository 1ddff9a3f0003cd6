import type { Severity } from '../../../lib/protocol';
import type { Sample } from '../sample';
import type { Detector, DetectorEvent } from './types';

/** A detector's event, and whether its episode was reported before. */
export interface LiveEvent {
  event: DetectorEvent;
  /**
   * True for a later report of an episode already reported: it updates
   * the open alert (duration, peak) and is not a new alert. Its `t` is
   * the sample that brought the news, not the episode's start.
   */
  continuation: boolean;
  /** True while the condition still holds: the episode has not ended. */
  ongoing: boolean;
}

/** While nothing changes, an episode in progress is reported this often. */
export const LIVE_REPORT_EVERY_MS = 60_000;

const RANK: Record<Severity, number> = { low: 0, medium: 1, high: 2, critical: 3 };

/**
 * Reports a lasting condition while it lasts instead of only when it
 * ends: a vehicle speeding for ten minutes is on the alert queue from the
 * moment it qualifies, not ten minutes later. The first report raises the
 * alert; later ones (a higher severity, a minute gone by, the end) update
 * it. Detectors without `ongoing` pass through unchanged.
 */
export class LiveEpisodes {
  /** The episode reported so far: its start, severity and last report. */
  private reported: { start: number; severity: Severity; at: number } | undefined;

  constructor(private readonly detector: Detector) {}

  step(sample: Sample): LiveEvent[] {
    const out: LiveEvent[] = [];
    for (const event of this.detector.step(sample))
      out.push(this.closed(event, sample.t));

    const live = this.detector.ongoing?.();
    if (!live) return out;
    const r = this.reported?.start === live.t ? this.reported : undefined;
    if (!r) {
      this.reported = { start: live.t, severity: live.severity, at: sample.t };
      out.push({ event: live, continuation: false, ongoing: true });
    } else if (
      RANK[live.severity] > RANK[r.severity] ||
      sample.t - r.at >= LIVE_REPORT_EVERY_MS
    ) {
      this.reported = { start: live.t, severity: live.severity, at: sample.t };
      out.push({ event: { ...live, t: sample.t }, continuation: true, ongoing: true });
    }
    return out;
  }

  /**
   * Ends a reported episode the detector will never close (the vehicle's
   * time ran backwards and its detectors start over), as it stood, so its
   * alert learns the condition is over.
   */
  abandon(now: number): LiveEvent[] {
    const live = this.detector.ongoing?.();
    const reported = this.reported;
    this.reported = undefined;
    if (!live || reported?.start !== live.t) return [];
    return [{ event: { ...live, t: now }, continuation: true, ongoing: false }];
  }

  private closed(event: DetectorEvent, now: number): LiveEvent {
    if (this.reported?.start !== event.t) {
      return { event, continuation: false, ongoing: false };
    }
    this.reported = undefined;
    return { event: { ...event, t: now }, continuation: true, ongoing: false };
  }
}
