import { createLongitudinal, type LongitudinalSettings } from './longitudinal';
import type { Detector } from './types';

/**
 * Harsh braking from the speed series: a sustained deceleration whose
 * peak reaches a tier. eventData: `deceleration` (peak, g, negative),
 * `speed_before` and `speed_after` (km/h), `duration` (s) and `peak_mps2`
 * (negative), as in the spec's safety alert example.
 */
export type HarshBrakingSettings = LongitudinalSettings;

export function createHarshBraking(settings: HarshBrakingSettings): Detector {
  return createLongitudinal(
    { category: 'harsh_braking', sign: -1, peakKey: 'deceleration' },
    settings,
  );
}
