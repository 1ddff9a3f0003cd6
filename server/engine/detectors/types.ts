import type { Severity } from '../../../lib/protocol';
import type { Sample } from '../sample';

export type SafetyCategory =
  'harsh_braking' | 'harsh_acceleration' | 'speeding' | 'idling' | 'route_deviation';

/**
 * What a detector found, before it becomes a SafetyAlertPayload. Units
 * follow the wire: speeds km/h, durations s, accelerations g unless the
 * key says otherwise (`peak_mps2`).
 */
export interface DetectorEvent {
  category: SafetyCategory;
  severity: Severity;
  /** Physical epoch ms where the episode started. */
  t: number;
  eventData: Record<string, number>;
  lat?: number;
  lon?: number;
}

/**
 * The one shape every detector has. `step` takes one vehicle's samples
 * in time order and returns the episodes that just closed; `finish` closes
 * whatever is still open, at the end of a trip or recording. A detector of
 * conditions that last (speeding, idling) also tells, through `ongoing`,
 * the event its open episode would raise if it ended now, so it can be
 * reported while it lasts.
 */
export interface Detector {
  step(sample: Sample): DetectorEvent[];
  finish(): DetectorEvent[];
  ongoing?(): DetectorEvent | undefined;
}

/**
 * Lower bounds of each severity, in the unit of the detector's measure.
 * A tier left out is never reached; a value under every tier raises no
 * event at all, so the lowest tier is also the detector's threshold.
 */
export type Tiers = Partial<Readonly<Record<Severity, number>>>;
