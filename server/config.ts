import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';

/**
 * Every setting Fleetlight reads from the environment, validated once at
 * start. A bad value stops the process with one line per problem, naming
 * the variable and what it accepts.
 */
const envSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('0.0.0.0'),
  DATA_DIR: z.string().min(1).default('.data'),
  DEMO: z.enum(['on', 'off']).default('on'),
  DEMO_API_KEY: z.string().min(16, 'must be at least 16 characters').optional(),
  REPLAY_SPEED: z.coerce.number().positive().max(1000).default(10),
  LOCATION_INTERVAL_MS: z.coerce.number().int().min(0).max(60_000).default(1000),
  MAP_STYLE_URL: z.url().optional(),
  MAP_PMTILES: z.string().min(1).optional(),
  MAP_PMTILES_ATTRIBUTION: z.string().min(1).max(500).optional(),
  METRICS_INTERVAL_MS: z.coerce.number().int().min(1000).max(3_600_000).default(60_000),
  TELEMETRY_INTERVAL_MS: z.coerce.number().int().min(0).max(600_000).default(10_000),
  AUTH_TIMEOUT_MS: z.coerce.number().int().positive().default(10_000),
  LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error', 'silent']).default('info'),
  PUBLIC_URL: z.url().optional(),
});

export type Env = z.infer<typeof envSchema>;

/** The repository root, where `data/`, `app/` and `.next/` live. */
export const ROOT_DIR = fileURLToPath(new URL('..', import.meta.url));

export interface Config {
  port: number;
  host: string;
  dataDir: string;
  /** The recorded data shipped with the project. */
  projectDataDir: string;
  demo: boolean;
  demoApiKey: string | undefined;
  replaySpeed: number;
  /** Minimum spacing of one vehicle's location updates on the wire. */
  locationIntervalMs: number;
  mapStyleUrl: string | undefined;
  mapPmtiles: string | undefined;
  /** Credit shown for the extract when its metadata names none. */
  mapPmtilesAttribution: string | undefined;
  /** Length of a fleet_metrics period. */
  metricsIntervalMs: number;
  /** Shortest spacing of one vehicle's telemetry messages. */
  telemetryIntervalMs: number;
  authTimeoutMs: number;
  logLevel: Env['LOG_LEVEL'];
  publicUrl: string | undefined;
  dev: boolean;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

export function loadConfig(
  env: Record<string, string | undefined>,
  opts: { dev?: boolean } = {},
): Config {
  // Empty strings mean "not set", as in `PORT= npm start`. So do blank
  // ones: coerced, " " is the number 0, a random port or no throttle.
  const cleaned = Object.fromEntries(
    Object.entries(env).filter(([, v]) => v !== undefined && v.trim() !== ''),
  );
  const parsed = envSchema.safeParse(cleaned);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`),
    );
  }
  const e = parsed.data;
  return {
    port: e.PORT,
    host: e.HOST,
    dataDir: path.resolve(e.DATA_DIR),
    projectDataDir: path.join(ROOT_DIR, 'data'),
    demo: e.DEMO === 'on',
    demoApiKey: e.DEMO_API_KEY,
    replaySpeed: e.REPLAY_SPEED,
    locationIntervalMs: e.LOCATION_INTERVAL_MS,
    mapStyleUrl: e.MAP_STYLE_URL,
    mapPmtiles: e.MAP_PMTILES ? path.resolve(e.MAP_PMTILES) : undefined,
    mapPmtilesAttribution: e.MAP_PMTILES_ATTRIBUTION,
    metricsIntervalMs: e.METRICS_INTERVAL_MS,
    telemetryIntervalMs: e.TELEMETRY_INTERVAL_MS,
    authTimeoutMs: e.AUTH_TIMEOUT_MS,
    logLevel: e.LOG_LEVEL,
    publicUrl: e.PUBLIC_URL,
    dev: opts.dev ?? false,
  };
}
