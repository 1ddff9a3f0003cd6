import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { DEFAULT_POOL_SIZE } from './db/open';
import { originProblem } from './http/origin';
import { DEFAULT_RATE_LIMIT, type RateLimit } from './limits';
import { DEFAULT_RETRY_DELAYS_MS } from './notify/retry';
import { DEFAULT_BATCH_MS } from './stream/position-batcher';
import { DEFAULT_MAX_BUFFERED_BYTES } from './stream/slow-consumer';
import { DEFAULT_ACK_RETRY_DELAYS_MS } from './transports/bookovia/acks';
import { DEFAULT_MAX_PAYLOAD_BYTES } from './transports/bookovia/server';

/**
 * The longest delay a Node timer keeps (2^31 - 1 ms, about 24.8 days); a
 * longer one is replaced by 1 ms, with only a warning.
 */
export const TIMER_MAX_MS = 2 ** 31 - 1;

/**
 * A whole number of milliseconds from `min` to `max`. Each duration below
 * ends up in a timer, so its maximum must also be one a timer keeps.
 */
function milliseconds(min: number, max: number, fallback: number) {
  if (max > TIMER_MAX_MS) throw new RangeError(`${max} ms does not fit a timer`);
  const error = `must be a whole number of milliseconds from ${min} to ${max}`;
  return z.coerce
    .number({ error })
    .int({ error })
    .min(min, { error })
    .max(max, { error })
    .default(fallback);
}

/** A whole number of bytes from `min` to `max`. */
function bytes(min: number, max: number, fallback: number) {
  const error = `must be a whole number of bytes from ${min} to ${max}`;
  return z.coerce
    .number({ error })
    .int({ error })
    .min(min, { error })
    .max(max, { error })
    .default(fallback);
}

/** A whole number of `what` from `min` to `max`. */
function count(what: string, min: number, max: number, fallback: number) {
  const error = `must be a whole number of ${what} from ${min} to ${max}`;
  return z.coerce
    .number({ error })
    .int({ error })
    .min(min, { error })
    .max(max, { error })
    .default(fallback);
}

/** A TCP port; 0 picks a free one. */
function port() {
  const error = 'must be a whole number from 0 to 65535';
  return z.coerce
    .number({ error })
    .int({ error })
    .min(0, { error })
    .max(65535, { error });
}

/** A switch: `on` or `off`, nothing else. */
function onOff(fallback: 'on' | 'off') {
  return z.enum(['on', 'off'], { error: 'must be on or off' }).default(fallback);
}

/**
 * Pauses before each retry of a notification: 1 to 10 comma-separated
 * milliseconds, each at most a day, so at most 11 attempts.
 */
function retryDelays(fallback: readonly number[]) {
  const error = 'must be 1 to 10 comma-separated whole numbers of ms, each ≤ 86400000';
  return z
    .string()
    .regex(/^\s*\d+(\s*,\s*\d+){0,9}\s*$/, { error })
    .transform((s) => s.split(',').map(Number))
    .pipe(z.array(z.number().max(86_400_000, { error })))
    .default(() => [...fallback]);
}

/**
 * Comma-separated browser origins, each checked on its own so a bad list
 * names every bad entry.
 */
const origins = z
  .string()
  .transform((s, ctx) => {
    const list = s
      .split(',')
      .map((o) => o.trim())
      .filter(Boolean);
    for (const o of list) {
      const problem = originProblem(o);
      if (problem) ctx.addIssue({ code: 'custom', message: problem });
    }
    return list;
  })
  .default(() => []);

/**
 * An absolute http(s) URL. Without the protocol check "localhost:3000"
 * passes, read as the scheme "localhost:" and an opaque path.
 */
const httpUrl = z.url({
  protocol: /^https?$/,
  error: 'must be an http:// or https:// URL',
});

/**
 * A PostgreSQL URL. Its password never appears in an error: the message
 * names only what is wrong with the URL.
 */
const databaseUrl = z.string().refine(
  (s) => {
    try {
      const u = new URL(s);
      return (
        (u.protocol === 'postgres:' || u.protocol === 'postgresql:') && u.host !== ''
      );
    } catch {
      return false;
    }
  },
  { error: 'must be a postgres:// or postgresql:// URL naming a host' },
);

/**
 * A Redis URL. The password it may carry is never echoed: a bad value is
 * described, not repeated.
 */
const redisUrl = z.url({
  protocol: /^rediss?$/,
  error: 'must be a redis:// or rediss:// URL, as redis://:password@host:6379/0',
});

/** Redis key prefix: printable, no spaces, so keys stay easy to scan. */
const keyPrefix = z
  .string()
  .regex(/^[\x21-\x7e]{1,64}$/, {
    error: 'must be 1 to 64 printable characters without spaces',
  })
  .default('fleetlight:');

/**
 * Every setting Fleetlight reads from the environment, validated once at
 * start. A bad value stops the process with one line per problem, naming
 * the variable and what it accepts.
 */
const envSchema = z.object({
  PORT: port().default(3000),
  HOST: z.string().min(1).default('0.0.0.0'),
  DATA_DIR: z.string().min(1).default('.data'),
  DATABASE_URL: databaseUrl.optional(),
  DATABASE_POOL_SIZE: count('connections', 1, 1000, DEFAULT_POOL_SIZE),
  DEMO: onOff('on'),
  DEMO_API_KEY: z.string().min(16, 'must be at least 16 characters').optional(),
  REPLAY_SPEED: z.coerce
    .number({ error: 'must be a number above 0, at most 1000' })
    .positive({ error: 'must be a number above 0, at most 1000' })
    .max(1000, { error: 'must be a number above 0, at most 1000' })
    .default(10),
  LOCATION_INTERVAL_MS: milliseconds(0, 60_000, 1000),
  MAP_STYLE_URL: httpUrl.optional(),
  MAP_PMTILES: z.string().min(1).optional(),
  MAP_PMTILES_ATTRIBUTION: z.string().min(1).max(500).optional(),
  METRICS_INTERVAL_MS: milliseconds(1000, 3_600_000, 60_000),
  TELEMETRY_INTERVAL_MS: milliseconds(0, 600_000, 10_000),
  AUTH_TIMEOUT_MS: milliseconds(1000, 300_000, 10_000),
  // Far below ws's own 100 MiB: one frame is buffered whole before it is read.
  WS_MAX_PAYLOAD_BYTES: bytes(1024, 16 * 1024 * 1024, DEFAULT_MAX_PAYLOAD_BYTES),
  WS_COMPRESSION: onOff('off'),
  // Up to the 64 KiB frame limit: above that, nothing would ever compress.
  WS_COMPRESSION_THRESHOLD: bytes(0, 65_536, 1024),
  STREAM_BATCH_MS: milliseconds(0, 1000, DEFAULT_BATCH_MS),
  // At least one batch of a large fleet; at most what a server can hold per socket.
  STREAM_MAX_BUFFERED_BYTES: bytes(65_536, 64 * 1024 * 1024, DEFAULT_MAX_BUFFERED_BYTES),
  LOG_LEVEL: z
    .enum(['debug', 'info', 'warn', 'error', 'silent'], {
      error: 'must be one of debug, info, warn, error, silent',
    })
    .default('info'),
  PUBLIC_URL: httpUrl.optional(),
  NOTIFY_TIMEOUT_MS: milliseconds(100, 60_000, 5000),
  NOTIFY_RETRY_DELAYS_MS: retryDelays(DEFAULT_RETRY_DELAYS_MS),
  SMTP_URL: z
    .url({ protocol: /^smtps?$/, error: 'must be an smtp:// or smtps:// URL' })
    .optional(),
  SMTP_FROM: z.string().min(3).max(254).optional(),
  OSMAND_PORT: port().optional(),
  INGEST_MAX_BATCH: count('fixes', 1, 10_000, 500),
  INGEST_FUTURE_SKEW_S: count('seconds', 0, 86_400, 300),
  INGEST_MAX_SPEED_KMH: count('km/h', 50, 2000, 300),
  INGEST_REANCHOR_FIXES: count('fixes', 1, 20, 3),
  FLEET_MAX_VEHICLES: count('vehicles', 1, 100_000, 5000),
  IMPORT_MAX_BYTES: bytes(1024, 256 * 1024 * 1024, 16 * 1024 * 1024),
  GTFS_RT_ALLOW_PRIVATE: onOff('off'),
  REPLAY_MAX_EVENTS: count('events', 1, 1_000_000, 10_000),
  REPLAY_MAX_AGE_MS: milliseconds(1000, 86_400_000, 600_000),
  ACK_RETRY_DELAYS_MS: retryDelays(DEFAULT_ACK_RETRY_DELAYS_MS),
  BOOKOVIA_UPSTREAM_URL: z
    .url({ protocol: /^wss?$/, error: 'must be a ws:// or wss:// URL' })
    .optional(),
  BOOKOVIA_UPSTREAM_KEY: z.string().min(16, 'must be at least 16 characters').optional(),
  ALLOWED_ORIGINS: origins,
  WEB: onOff('on'),
  SHUTDOWN_DRAIN_MS: milliseconds(0, 120_000, 5000),
  REDIS_URL: redisUrl.optional(),
  REDIS_KEY_PREFIX: keyPrefix,
  RATE_LIMIT_PER_S: count('messages a second', 1, 10_000, DEFAULT_RATE_LIMIT.perSecond),
  RATE_LIMIT_BURST: count('messages', 1, 100_000, DEFAULT_RATE_LIMIT.burst),
  RATE_LIMIT_CUT_AFTER: count('messages', 1, 1_000_000, DEFAULT_RATE_LIMIT.cutAfter),
  MAX_CONNECTIONS_PER_KEY: count('connections', 1, 100_000, 50),
  KEY_HASH_SECRET: z
    .string()
    .refine((s) => Buffer.byteLength(s, 'utf8') >= 32, {
      error: 'must be at least 32 bytes (e.g. `openssl rand -base64 48`)',
    })
    .optional(),
  KEY_ROTATE_GRACE_S: count('seconds', 0, 604_800, 300),
  KEY_RECHECK_S: count('seconds', 1, 60, 5),
});

export type Env = z.infer<typeof envSchema>;

/** The repository root, where `data/`, `app/` and `.next/` live. */
export const ROOT_DIR = fileURLToPath(new URL('..', import.meta.url));

export interface Config {
  port: number;
  host: string;
  dataDir: string;
  /**
   * PostgreSQL instead of the SQLite file in dataDir; may carry a password,
   * so it is only ever logged through redactDatabaseUrl.
   */
  databaseUrl: string | undefined;
  /** Most PostgreSQL connections this process holds; 1–1000. */
  databasePoolSize: number;
  /** The recorded data shipped with the project. */
  projectDataDir: string;
  demo: boolean;
  demoApiKey: string | undefined;
  replaySpeed: number;
  /** Minimum spacing of one vehicle's location updates on the wire; 0–60 s. */
  locationIntervalMs: number;
  mapStyleUrl: string | undefined;
  mapPmtiles: string | undefined;
  /** Credit shown for the extract when its metadata names none. */
  mapPmtilesAttribution: string | undefined;
  /** Length of a fleet_metrics period; 1 s to 1 h. */
  metricsIntervalMs: number;
  /** Shortest spacing of one vehicle's telemetry messages; 0–10 min. */
  telemetryIntervalMs: number;
  /** How long a Bookovia socket may stay unauthenticated; 1 s to 5 min. */
  authTimeoutMs: number;
  /** Largest frame or message a Bookovia client may send; 1 KiB to 16 MiB. */
  wsMaxPayloadBytes: number;
  /** permessage-deflate on the Bookovia endpoints, for clients that offer it. */
  wsCompression: boolean;
  /** Messages up to this many bytes go uncompressed; 0–64 KiB. */
  wsCompressionThreshold: number;
  /** How long a fleet's positions gather into one Socket.IO batch; 0–1 s. */
  streamBatchMs: number;
  /**
   * Bytes a socket may have waiting to be sent before its positions are
   * held back; at 4× this it is cut as a slow consumer. 64 KiB to 64 MiB.
   */
  streamMaxBufferedBytes: number;
  logLevel: Env['LOG_LEVEL'];
  publicUrl: string | undefined;
  /** Per webhook request and per SMTP step; 0.1–60 s. */
  notifyTimeoutMs: number;
  /** Pauses before each retry of a notification; their count + 1 attempts. */
  notifyRetryDelaysMs: number[];
  /** The SMTP relay for e-mail notices; may carry user:pass. Never logged. */
  smtpUrl: string | undefined;
  /** The From of e-mail notices; required with smtpUrl. */
  smtpFrom: string | undefined;
  /** A port of its own for OsmAnd devices (Traccar uses 5055); off when unset. */
  osmandPort: number | undefined;
  /** Most fixes in one `POST /v1/ingest/positions`. */
  ingestMaxBatch: number;
  /** How far ahead of server time a device time may be; 0 s to a day. */
  ingestFutureToleranceMs: number;
  /** Fastest believable speed, reported or implied by a jump; km/h. */
  ingestMaxSpeedKmh: number;
  /** Consistent fixes after a jump that move the vehicle there. */
  ingestReanchorFixes: number;
  /** Most vehicles a fleet may hold through sources that register them. */
  fleetMaxVehicles: number;
  /** Largest file import, bytes. */
  importMaxBytes: number;
  /** Whether a GTFS-rt feed URL may reach loopback and private networks. */
  gtfsRtAllowPrivate: boolean;
  /** Most events per fleet a `resume` can replay; 1 to a million. */
  replayMaxEvents: number;
  /** Oldest event a `resume` can replay, server time; 1 s to 1 day. */
  replayMaxAgeMs: number;
  /** Pauses before each re-delivery of a critical event not yet acked. */
  ackRetryDelaysMs: number[];
  /** Bridge mode: the Bookovia server whose fleets this one relays. */
  upstream: UpstreamConfig | undefined;
  /**
   * Browser origins allowed besides the server's own, on live connections
   * and mutations (server/http/origin.ts). Empty by default.
   */
  allowedOrigins: string[];
  /**
   * Whether this process serves the Next.js dashboard too. Off when a
   * standalone Next server beside it serves the pages (docs/OPERATIONS.md).
   */
  web: boolean;
  /** How long a SIGTERM waits for requests and writes in flight; 0–120 s. */
  shutdownDrainMs: number;
  /**
   * Scale-out: the Redis several nodes share for their Socket.IO rooms and
   * fleet streams (docs/OPERATIONS.md, Scale-out). Single node when unset.
   * May carry a password: never logged.
   */
  redisUrl: string | undefined;
  /** Prefix of every Redis key this deployment writes (default `fleetlight:`). */
  redisKeyPrefix: string;
  /** Client messages per connection, Bookovia and Socket.IO (server/limits). */
  rateLimit: RateLimit;
  /** Open connections one key may hold on this node, all transports together. */
  maxConnectionsPerKey: number;
  /**
   * The HMAC secret keys are stored under. When unset, one is generated
   * once and kept in the database (server/auth/key-hash.ts). Never logged.
   */
  keyHashSecret: string | undefined;
  /** How long a rotated key's old secret still works; 0 s to a week. */
  keyRotateGraceS: number;
  /** Spacing of the check that ends sessions of keys revoked elsewhere; 1–60 s. */
  keyRecheckMs: number;
  dev: boolean;
}

/** Where bridge mode reads from (docs/protocol.md, Bridge mode). */
export interface UpstreamConfig {
  /** The multi-channel endpoint, `…/v1/streaming/websocket`. */
  url: string;
  /** A key of the upstream server; it decides which fleets are relayed. Never logged. */
  key: string;
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
  // Pairs are checked even when a value failed, so one start lists every
  // problem rather than one per attempt.
  const problems = [
    ...(parsed.success
      ? []
      : parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`)),
    ...pairProblems(cleaned),
  ];
  if (!parsed.success || problems.length > 0) throw new ConfigError(problems);
  const e = parsed.data;
  const upstream = upstreamOf(e.BOOKOVIA_UPSTREAM_URL, e.BOOKOVIA_UPSTREAM_KEY);
  return {
    port: e.PORT,
    host: e.HOST,
    dataDir: path.resolve(e.DATA_DIR),
    databaseUrl: e.DATABASE_URL,
    databasePoolSize: e.DATABASE_POOL_SIZE,
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
    wsMaxPayloadBytes: e.WS_MAX_PAYLOAD_BYTES,
    wsCompression: e.WS_COMPRESSION === 'on',
    wsCompressionThreshold: e.WS_COMPRESSION_THRESHOLD,
    streamBatchMs: e.STREAM_BATCH_MS,
    streamMaxBufferedBytes: e.STREAM_MAX_BUFFERED_BYTES,
    logLevel: e.LOG_LEVEL,
    publicUrl: e.PUBLIC_URL,
    notifyTimeoutMs: e.NOTIFY_TIMEOUT_MS,
    notifyRetryDelaysMs: e.NOTIFY_RETRY_DELAYS_MS,
    smtpUrl: e.SMTP_URL,
    smtpFrom: e.SMTP_FROM,
    osmandPort: e.OSMAND_PORT,
    ingestMaxBatch: e.INGEST_MAX_BATCH,
    ingestFutureToleranceMs: e.INGEST_FUTURE_SKEW_S * 1000,
    ingestMaxSpeedKmh: e.INGEST_MAX_SPEED_KMH,
    ingestReanchorFixes: e.INGEST_REANCHOR_FIXES,
    fleetMaxVehicles: e.FLEET_MAX_VEHICLES,
    importMaxBytes: e.IMPORT_MAX_BYTES,
    gtfsRtAllowPrivate: e.GTFS_RT_ALLOW_PRIVATE === 'on',
    replayMaxEvents: e.REPLAY_MAX_EVENTS,
    replayMaxAgeMs: e.REPLAY_MAX_AGE_MS,
    ackRetryDelaysMs: e.ACK_RETRY_DELAYS_MS,
    upstream,
    allowedOrigins: e.ALLOWED_ORIGINS,
    web: e.WEB === 'on',
    shutdownDrainMs: e.SHUTDOWN_DRAIN_MS,
    redisUrl: e.REDIS_URL,
    redisKeyPrefix: e.REDIS_KEY_PREFIX,
    rateLimit: {
      perSecond: e.RATE_LIMIT_PER_S,
      burst: e.RATE_LIMIT_BURST,
      cutAfter: e.RATE_LIMIT_CUT_AFTER,
    },
    maxConnectionsPerKey: e.MAX_CONNECTIONS_PER_KEY,
    keyHashSecret: e.KEY_HASH_SECRET,
    keyRotateGraceS: e.KEY_ROTATE_GRACE_S,
    keyRecheckMs: e.KEY_RECHECK_S * 1000,
    dev: opts.dev ?? false,
  };
}

/** Settings that only mean something together: one per missing partner. */
const PAIRS: Array<[needs: string, when: string]> = [
  ['SMTP_FROM', 'SMTP_URL'],
  ['BOOKOVIA_UPSTREAM_KEY', 'BOOKOVIA_UPSTREAM_URL'],
  ['BOOKOVIA_UPSTREAM_URL', 'BOOKOVIA_UPSTREAM_KEY'],
];

function pairProblems(env: Record<string, string | undefined>): string[] {
  return PAIRS.filter(([needs, when]) => env[when] !== undefined && !env[needs]).map(
    ([needs, when]) => `${needs}: must be set when ${when} is`,
  );
}

/** A URL naming only a host reads the host's multi-channel endpoint. */
function upstreamOf(
  url: string | undefined,
  key: string | undefined,
): UpstreamConfig | undefined {
  if (url === undefined || key === undefined) return undefined;
  const u = new URL(url);
  if (u.pathname === '/') u.pathname = '/v1/streaming/websocket';
  return { url: u.toString(), key };
}
