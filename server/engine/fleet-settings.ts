import type {
  FleetSettings,
  FleetSettingsPatch,
  TierSettings,
} from '../../lib/protocol/fleet-settings';
import type { Tiers } from './detectors/types';
import type { EngineSettings } from './vehicle-engine';

/** The wire form of the engine's own settings: every fleet's defaults. */
export function fleetSettingsOf(base: EngineSettings): FleetSettings {
  const { speeding, harshBraking, harshAcceleration, idling, routeDeviation } =
    base.safety;
  const m = base.maintenance;
  return {
    speeding: {
      limit_kmh: speeding.limitKmh,
      min_duration_s: speeding.minDurationS,
      rearm_below_kmh: speeding.rearmBelowKmh,
      tiers_over_kmh: { ...speeding.tiersOverKmh },
    },
    harsh_braking: { tiers_g: { ...harshBraking.tiersG } },
    harsh_acceleration: { tiers_g: { ...harshAcceleration.tiersG } },
    idling: {
      stationary_below_kmh: idling.stationaryBelowKmh,
      tiers_s: { ...idling.tiersS },
    },
    route_deviation: {
      off_route_m: routeDeviation.offRouteM,
      back_on_route_m: routeDeviation.backOnRouteM,
      min_duration_s: routeDeviation.minDurationS,
    },
    maintenance: {
      engine_temp_c: m.engineTempC,
      engine_temp_for_s: m.engineTempForMs / 1000,
      low_fuel_pct: m.lowFuelPct,
      service_every_km: m.serviceEveryKm,
      silent_after_min: m.silentAfterMs / 60_000,
    },
  };
}

/** The engine's settings with a fleet's values in place of the defaults. */
export function engineSettingsFor(
  base: EngineSettings,
  s: FleetSettings,
): EngineSettings {
  const safety = base.safety;
  return {
    ...base,
    safety: {
      harshBraking: { ...safety.harshBraking, tiersG: tiers(s.harsh_braking.tiers_g) },
      harshAcceleration: {
        ...safety.harshAcceleration,
        tiersG: tiers(s.harsh_acceleration.tiers_g),
      },
      speeding: {
        limitKmh: s.speeding.limit_kmh,
        minDurationS: s.speeding.min_duration_s,
        rearmBelowKmh: s.speeding.rearm_below_kmh,
        tiersOverKmh: tiers(s.speeding.tiers_over_kmh),
      },
      idling: {
        stationaryBelowKmh: s.idling.stationary_below_kmh,
        tiersS: tiers(s.idling.tiers_s),
      },
      routeDeviation: {
        offRouteM: s.route_deviation.off_route_m,
        backOnRouteM: s.route_deviation.back_on_route_m,
        minDurationS: s.route_deviation.min_duration_s,
      },
    },
    maintenance: {
      engineTempC: s.maintenance.engine_temp_c,
      engineTempForMs: s.maintenance.engine_temp_for_s * 1000,
      lowFuelPct: s.maintenance.low_fuel_pct,
      serviceEveryKm: s.maintenance.service_every_km,
      silentAfterMs: s.maintenance.silent_after_min * 60_000,
    },
  };
}

/**
 * `patch` laid over `base`, key by key at every depth; a key the patch
 * leaves out keeps its value. Neither input changes.
 */
export function mergeSettings<T extends object>(base: T, patch: object): T {
  // The schema has checked the patch's shape; the merge is by key only.
  return merge({ ...base } as Record<string, unknown>, patch) as T;
}

function merge(base: Record<string, unknown>, patch: object): Record<string, unknown> {
  const out = { ...base };
  for (const [key, value] of Object.entries(patch)) {
    if (value === undefined) continue;
    const here = out[key];
    out[key] = isPlain(here) && isPlain(value) ? merge(here, value) : value;
  }
  return out;
}

/**
 * What single fields cannot say: tiers must rise from low to critical,
 * and the way back onto a route must lie inside the way off it.
 */
export function settingsConflict(s: FleetSettings): string | undefined {
  const rd = s.route_deviation;
  if (rd.back_on_route_m > rd.off_route_m) {
    return 'route_deviation.back_on_route_m must not exceed route_deviation.off_route_m';
  }
  const tiered: Array<[string, TierSettings]> = [
    ['speeding.tiers_over_kmh', s.speeding.tiers_over_kmh],
    ['harsh_braking.tiers_g', s.harsh_braking.tiers_g],
    ['harsh_acceleration.tiers_g', s.harsh_acceleration.tiers_g],
    ['idling.tiers_s', s.idling.tiers_s],
  ];
  for (const [field, t] of tiered) {
    const values = [t.low, t.medium, t.high, t.critical].filter(
      (v): v is number => v !== undefined,
    );
    if (values.some((v, i) => i > 0 && v < (values[i - 1] ?? v))) {
      return `${field} must rise from low to critical`;
    }
  }
  return undefined;
}

export type { FleetSettings, FleetSettingsPatch };

function tiers(t: TierSettings): Tiers {
  return { ...t };
}

function isPlain(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
