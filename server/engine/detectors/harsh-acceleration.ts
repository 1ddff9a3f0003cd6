import { createLongitudinal, type LongitudinalSettings } from './longitudinal';
import type { Detector } from './types';

/**
 * Harsh acceleration from the speed series: a sustained speed-up whose
 * peak reaches a tier. eventData mirrors harsh braking with positive
 * values: `acceleration` (peak, g), `speed_before`, `speed_after` (km/h),
 * `duration` (s) and `peak_mps2`.
 */
export type HarshAccelerationSettings = LongitudinalSettings;

export function createHarshAcceleration(settings: HarshAccelerationSettings): Detector {
  return createLongitudinal(
    { category: 'harsh_acceleration', sign: 1, peakKey: 'acceleration' },
    settings,
  );
}
