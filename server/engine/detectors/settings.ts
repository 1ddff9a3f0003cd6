import type { HarshAccelerationSettings } from './harsh-acceleration';
import type { HarshBrakingSettings } from './harsh-braking';
import type { IdlingSettings } from './idling';
import type { RouteDeviationSettings } from './route-deviation';
import type { SpeedSeriesSettings } from './speed-series';
import type { SpeedingSettings } from './speeding';

/** One fleet's safety thresholds; each detector takes its own part. */
export interface SafetySettings {
  harshBraking: HarshBrakingSettings;
  harshAcceleration: HarshAccelerationSettings;
  speeding: SpeedingSettings;
  idling: IdlingSettings;
  routeDeviation: RouteDeviationSettings;
}

export const DEFAULT_SPEED_SERIES: SpeedSeriesSettings = {
  // 1.2 g: beyond what tyres on dry asphalt deliver, in either direction.
  maxAccelMps2: 11.8,
  // KIT refreshes speed 0.72 s apart at the quickest, so each reading
  // still pairs with the one before it; 1 km/h over 0.7 s is 0.04 g.
  minBaselineMs: 700,
};

/**
 * Shared by both directions. A manoeuvre is counted from where it passes
 * 0.1 g (3 km/h between two KIT readings, more than quantisation makes)
 * and must last 1.5 s, so two readings on KIT, one on VED's 2.1 s rows.
 */
const EPISODE = {
  entryG: 0.1,
  minDurationS: 1.5,
  bridgeS: 1,
  quietS: 3,
  series: DEFAULT_SPEED_SERIES,
};

/**
 * Defaults, all overridable per fleet. Braking follows the telematics
 * literature: harsh from 0.3 g, emergency from 0.6 g (the KIT full stop
 * peaks at 0.71 g). Speeding up harder than 0.5 g is beyond most cars, and
 * is a habit rather than an emergency, so it tops out at `high`. No road
 * limits exist in the data: 120 km/h is a fleet policy cap. Idling is
 * reported from 5 minutes. A vehicle 250 m off its planned path for a
 * minute has left it (a GPS fix in a street canyon strays well under
 * that); it is back once within 150 m.
 */
export const DEFAULT_SAFETY_SETTINGS: SafetySettings = {
  harshBraking: {
    ...EPISODE,
    tiersG: { low: 0.3, medium: 0.4, high: 0.5, critical: 0.6 },
  },
  harshAcceleration: {
    ...EPISODE,
    tiersG: { low: 0.3, medium: 0.4, high: 0.5 },
  },
  speeding: {
    limitKmh: 120,
    minDurationS: 10,
    rearmBelowKmh: 5,
    tiersOverKmh: { low: 0, medium: 10, high: 20, critical: 40 },
  },
  idling: {
    stationaryBelowKmh: 1,
    tiersS: { low: 300, medium: 900, high: 1800 },
  },
  routeDeviation: {
    offRouteM: 250,
    backOnRouteM: 150,
    minDurationS: 60,
  },
};
