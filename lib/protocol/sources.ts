import { z } from './zod';

/**
 * The wire contract of the position sources (docs/SOURCES.md): HTTP
 * ingest, device registration, GTFS-realtime feeds, file imports and each
 * source's health. Units follow the rest of the protocol: km/h, degrees,
 * metres, ISO 8601 times with a zone.
 */

/** Every way positions reach ingest; each one's health is counted apart. */
export const SOURCE_KINDS = ['replay', 'http', 'osmand', 'gtfs-rt', 'import'] as const;
export type SourceKind = (typeof SOURCE_KINDS)[number];

/** What registering a device says about where it will report from. */
export const DEVICE_KINDS = ['osmand', 'http'] as const;
export type DeviceKind = (typeof DEVICE_KINDS)[number];

/**
 * Why a fix was refused, one vocabulary for every source. The first eight
 * and the last two are the ingest policy's own (server/ingest/validate.ts).
 */
export const FIX_REJECT_CODES = [
  'invalid_vehicle',
  'unknown_vehicle',
  'invalid_time',
  'future_time',
  'invalid_coordinates',
  'coordinates_out_of_range',
  'no_fix',
  'invalid_value',
  /** A device id no admin has registered. */
  'unknown_device',
  /** The fleet already holds as many vehicles as it may. */
  'fleet_full',
  /** An import row that cannot be read as a fix at all. */
  'unreadable_row',
  /** The pair fits the vehicle's track only with lat and lon swapped. */
  'swapped_coordinates',
  /** A jump faster than any vehicle travels, held until fixes agree. */
  'teleport',
] as const;
export type FixRejectCode = (typeof FIX_REJECT_CODES)[number];

export type FixStatus = 'accepted' | 'duplicate' | 'rejected';

/** The answer for one fix of a batch, in the batch's order. */
export interface FixResult {
  index: number;
  status: FixStatus;
  code?: FixRejectCode;
  message?: string;
}

export interface IngestResponse {
  fleet_id: string;
  accepted: number;
  duplicates: number;
  rejected: number;
  results: FixResult[];
}

/** Vehicle and device ids: short, printable, safe in a URL path segment. */
export const sourceIdSchema = z.string().regex(/^[A-Za-z0-9._:@-]{1,64}$/, {
  error: 'must be 1–64 letters, digits or . _ : @ -',
});

const number = { error: 'must be a number' };

/**
 * One fix of `POST /v1/ingest/positions`. Exactly one of `vehicle_id` or
 * `device_id`; `timestamp` is ISO 8601 with a zone or epoch milliseconds.
 * Unknown fields are refused, so `speed` in m/s never passes as km/h.
 */
export const wireFixSchema = z.strictObject({
  vehicle_id: sourceIdSchema.optional(),
  device_id: sourceIdSchema.optional(),
  timestamp: z.union([z.string(), z.number()], {
    error: 'must be an ISO 8601 time with a zone or epoch milliseconds',
  }),
  lat: z.number(number),
  lon: z.number(number),
  speed_kmh: z.number(number).optional(),
  heading: z.number(number).optional(),
  altitude: z.number(number).optional(),
  accuracy: z.number(number).optional(),
  odometer_km: z.number(number).optional(),
  fuel_level: z.number(number).optional(),
  engine_rpm: z.number(number).optional(),
  engine_temp: z.number(number).optional(),
  engine_load: z.number(number).optional(),
  maf: z.number(number).optional(),
  trip_id: z.string().min(1).max(128).optional(),
  route_id: z.string().min(1).max(128).optional(),
});
export type WireFix = z.infer<typeof wireFixSchema>;

/**
 * The batch. Each fix is checked on its own so one bad fix costs only
 * itself; `fleet_id` is needed only by a key of several fleets.
 */
export const ingestBodySchema = z.strictObject({
  fleet_id: z.string().min(1).optional(),
  fixes: z.array(z.unknown()).min(1),
});

export const deviceBodySchema = z.strictObject({
  device_id: sourceIdSchema,
  /** Defaults to the device id. */
  vehicle_id: sourceIdSchema.optional(),
  label: z.string().min(1).max(100).optional(),
  kind: z.enum(DEVICE_KINDS).default('osmand'),
});
export type DeviceBody = z.input<typeof deviceBodySchema>;

export interface Device {
  device_id: string;
  fleet_id: string;
  vehicle_id: string;
  label: string;
  kind: DeviceKind;
  created_at: string;
}

export const ingestKeyBodySchema = z.strictObject({
  label: z.string().min(1).max(100),
});

export interface IngestKey {
  key_id: string;
  fleet_id: string;
  label: string;
  created_at: string;
  /** Only in the answer that creates it: the key is never shown again. */
  key?: string;
}

export const gtfsRtBodySchema = z.strictObject({
  url: z.url({ protocol: /^https?$/, error: 'must be an http:// or https:// URL' }),
  interval_s: z.number().int().min(5).max(3600).default(30),
  /** Put before each feed vehicle id to make the fleet's vehicle id. */
  vehicle_prefix: z
    .string()
    .regex(/^[A-Za-z0-9._:@-]{0,32}$/, { error: 'must be at most 32 id characters' })
    .default(''),
});
export type GtfsRtBody = z.input<typeof gtfsRtBodySchema>;

export interface GtfsRtFeed {
  fleet_id: string;
  url: string;
  interval_s: number;
  vehicle_prefix: string;
  updated_at: string;
  /** How the last poll went; null before the first. */
  last_poll: GtfsRtPoll | null;
}

export interface GtfsRtPoll {
  at: string;
  /** ok, not_modified, or the error kind. */
  result: 'ok' | 'not_modified' | GtfsRtErrorKind;
  http_status?: number;
  vehicles?: number;
  message?: string;
}

export const GTFS_RT_ERROR_KINDS = [
  'http_error',
  'network_error',
  'too_large',
  'bad_feed',
  'stale_feed',
  'address_refused',
] as const;
export type GtfsRtErrorKind = (typeof GTFS_RT_ERROR_KINDS)[number];

export const IMPORT_MODES = ['history', 'replay'] as const;
export type ImportMode = (typeof IMPORT_MODES)[number];

export const IMPORT_FORMATS = ['auto', 'austin', 'ved', 'generic', 'gpx'] as const;
export type ImportFormat = (typeof IMPORT_FORMATS)[number];

/** One refused row of an import; `row` counts data rows from 1 (no header). */
export interface ImportRowError {
  row: number;
  code: FixRejectCode;
  message: string;
}

export interface ImportReport {
  fleet_id: string;
  mode: ImportMode;
  /** The format read, after `auto` was resolved. */
  format: Exclude<ImportFormat, 'auto'>;
  rows: number;
  accepted: number;
  duplicates: number;
  rejected: number;
  vehicles: string[];
  /** The first refused rows, in file order; `errors_omitted` more were cut. */
  errors: ImportRowError[];
  errors_omitted: number;
  /** For `mode=replay`: the replay now playing. */
  replay?: ImportReplay;
}

export interface ImportReplay {
  id: string;
  fixes: number;
  /** Recorded seconds played per wall second. */
  speed: number;
  /** Wall seconds the whole replay takes. */
  duration_s: number;
  started_at: string;
  sent: number;
  done: boolean;
}

/** One source's counts in one fleet since the server started. */
export interface SourceHealth {
  source: SourceKind;
  accepted: number;
  duplicates: number;
  rejected: number;
  rejected_by_reason: Partial<Record<FixRejectCode, number>>;
  /** Failures of the source itself, not of a fix (a feed that did not answer). */
  errors: number;
  errors_by_kind: Record<string, number>;
  last_error: { kind: string; message: string; at: string } | null;
  /** Server time of the newest fix, whatever its outcome. */
  last_message_at: string | null;
  /** Fixes (any outcome) over the last 60 s. */
  per_minute: number;
}

export interface SourcesResponse {
  fleet_id: string;
  sources: SourceHealth[];
  gtfs_rt: GtfsRtFeed | null;
  replays: ImportReplay[];
}

/** The query of `POST /v1/fleets/{id}/imports`; the body is the file itself. */
export const importQuerySchema = z.strictObject({
  mode: z.enum(IMPORT_MODES),
  format: z.enum(IMPORT_FORMATS).default('auto'),
  /** The vehicle of a GPX track (required for GPX). */
  vehicle_id: sourceIdSchema.optional(),
  /** Recorded seconds per wall second of a replay; the demo's by default. */
  speed: z.coerce.number().positive().max(1000).optional(),
});
