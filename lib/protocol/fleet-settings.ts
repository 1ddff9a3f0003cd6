import { z } from './zod';

/**
 * One fleet's detector thresholds on the wire, as `GET` and `PUT
 * /v1/fleets/{id}/settings` carry them. A `PUT` sends any part; what it
 * leaves out keeps its value. Each bound keeps a fleet from switching a
 * detector off by accident or flooding its own alerts channel.
 */

/** Severity tiers: lower bounds, in the unit the key names. */
export interface TierSettings {
  low?: number;
  medium?: number;
  high?: number;
  critical?: number;
}

export interface FleetSettings {
  speeding: {
    limit_kmh: number;
    min_duration_s: number;
    rearm_below_kmh: number;
    tiers_over_kmh: TierSettings;
  };
  harsh_braking: { tiers_g: TierSettings };
  harsh_acceleration: { tiers_g: TierSettings };
  idling: { stationary_below_kmh: number; tiers_s: TierSettings };
  route_deviation: {
    off_route_m: number;
    back_on_route_m: number;
    min_duration_s: number;
  };
  maintenance: {
    engine_temp_c: number;
    engine_temp_for_s: number;
    low_fuel_pct: number;
    service_every_km: number;
    silent_after_min: number;
  };
}

export interface FleetSettingsResponse {
  fleet_id: string;
  settings: FleetSettings;
}

const bounded = (min: number, max: number) => {
  const range = `must lie in [${min}, ${max}]`;
  return z
    .number({ error: 'must be a finite number' })
    .min(min, { error: range })
    .max(max, { error: range });
};

const section = <S extends z.ZodRawShape>(shape: S) => z.strictObject(shape).partial();

const tiers = (max: number) =>
  section({
    low: bounded(0, max),
    medium: bounded(0, max),
    high: bounded(0, max),
    critical: bounded(0, max),
  });

/** A `PUT` body: every field optional, unknown ones refused. */
export const fleetSettingsPatchSchema = section({
  speeding: section({
    limit_kmh: bounded(10, 250),
    min_duration_s: bounded(0, 600),
    rearm_below_kmh: bounded(0, 50),
    tiers_over_kmh: tiers(200),
  }),
  harsh_braking: section({ tiers_g: tiers(2) }),
  harsh_acceleration: section({ tiers_g: tiers(2) }),
  idling: section({
    stationary_below_kmh: bounded(0, 10),
    tiers_s: tiers(24 * 3600),
  }),
  route_deviation: section({
    off_route_m: bounded(50, 5000),
    back_on_route_m: bounded(10, 5000),
    min_duration_s: bounded(0, 3600),
  }),
  maintenance: section({
    engine_temp_c: bounded(60, 150),
    engine_temp_for_s: bounded(0, 3600),
    low_fuel_pct: bounded(0, 50),
    service_every_km: bounded(500, 100_000),
    silent_after_min: bounded(1, 24 * 60),
  }),
});

export type FleetSettingsPatch = z.infer<typeof fleetSettingsPatchSchema>;

/** The first issue as one sentence naming its field: `speeding.limit_kmh must …`. */
export function describeSettingsIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return 'The settings are not valid';
  const where = issue.path.map(String);
  if (issue.code === 'unrecognized_keys') {
    return `${[...where, issue.keys[0] ?? ''].join('.')} is not a setting`;
  }
  return where.length > 0 ? `${where.join('.')} ${issue.message}` : issue.message;
}
