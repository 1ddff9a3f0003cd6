import { createHarshAcceleration } from './harsh-acceleration';
import { createHarshBraking } from './harsh-braking';
import { createIdling } from './idling';
import type { SafetySettings } from './settings';
import { createSpeeding } from './speeding';
import type { Detector } from './types';

/** One vehicle's safety detectors, fresh, in a fixed order. */
export function createSafetyDetectors(settings: SafetySettings): Detector[] {
  return [
    createHarshBraking(settings.harshBraking),
    createHarshAcceleration(settings.harshAcceleration),
    createSpeeding(settings.speeding),
    createIdling(settings.idling),
  ];
}
