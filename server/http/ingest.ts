import type http from 'node:http';
import { ingestBodySchema, type IngestResponse } from '../../lib/protocol';
import type { Principal } from '../auth/api-keys';
import { findIngestGrant, INGEST_KEY_PREFIX, type IngestGrant } from '../db/ingest-keys';
import type { Db } from '../db/open';
import type { StorageFault } from '../db/positions';
import { readWireFix } from '../sources/http-fixes';
import type { Sources } from '../sources/service';
import { BodyError, MAX_BODY_BYTES, readJson } from './body';
import { bearerKey, sendError, sendJson } from './respond';

export interface IngestRouteDeps {
  db: Db;
  sources: Sources;
  authenticate: (key: string) => Promise<Principal | null>;
  /** Resolves an ingest key; the database's own lookup when absent. */
  ingestGrant?: (key: string) => Promise<IngestGrant | null>;
  /** Where accepted fixes are written; without it, answers do not wait for disk. */
  storage?: IngestStorage;
}

/** The position writer, as ingest sees it (server/db/positions.ts). */
export interface IngestStorage {
  readonly fault: StorageFault | undefined;
  flush(): Promise<void>;
}

/** Seconds a client is told to wait when storage is down. */
const STORAGE_RETRY_AFTER_S = 5;

export const INGEST_PATH = '/v1/ingest/positions';

/** Bytes allowed per fix of the batch limit; a full fix is about 300. */
const BYTES_PER_FIX = 1024;

/**
 * `POST /v1/ingest/positions`: a batch of fixes from a device or a
 * system that already collects them. Taken with an ingest key of the
 * fleet or an admin key; answered 200 with one result per fix in batch
 * order, so one bad fix costs only itself. Outside the REST table
 * because an ingest key is no principal: it may do this and nothing else.
 */
export function createIngestRoute(deps: IngestRouteDeps) {
  const maxBatch = deps.sources.config.ingestMaxBatch;
  const maxBytes = Math.max(MAX_BODY_BYTES, maxBatch * BYTES_PER_FIX);

  return async function handle(
    req: http.IncomingMessage,
    res: http.ServerResponse,
  ): Promise<boolean> {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname.replace(/\/$/, '');
    if (path !== INGEST_PATH) return false;
    if (req.method !== 'POST') {
      sendError(res, 'not_found', `No route ${req.method} ${INGEST_PATH}`);
      return true;
    }

    const fleets = await grantedFleets(req, res, deps);
    if (!fleets) return true;
    const down = deps.storage?.fault;
    if (down) {
      storageUnavailable(res, down);
      return true;
    }
    let raw: unknown;
    try {
      raw = await readJson(req, maxBytes, { anyType: true });
    } catch (error) {
      if (!(error instanceof BodyError)) throw error;
      sendError(res, error.code, error.message);
      return true;
    }
    const body = ingestBodySchema.safeParse(raw);
    if (!body.success) {
      const text = 'Send {"fixes": [{vehicle_id | device_id, timestamp, lat, lon, …}]}';
      sendError(res, 'invalid_message', text);
      return true;
    }
    if (body.data.fixes.length > maxBatch) {
      const text = `At most ${maxBatch} fixes per request; send the rest in another`;
      sendError(res, 'payload_too_large', text);
      return true;
    }
    const fleetId =
      body.data.fleet_id ?? (fleets.size === 1 ? [...fleets][0] : undefined);
    if (fleetId === undefined) {
      sendError(
        res,
        'invalid_message',
        'This key has several fleets; name one as fleet_id',
      );
      return true;
    }
    if (!fleets.has(fleetId)) {
      sendError(res, 'not_found', `No fleet ${fleetId} is visible to this key`);
      return true;
    }

    const devices = (id: string) => deps.sources.devices.get(id);
    const candidates = body.data.fixes.map((f, i) => readWireFix(f, i, fleetId, devices));
    const verdicts = await deps.sources.gateway.submit('http', fleetId, candidates, {
      register: { timeScale: 1 },
    });
    // Answered only once on disk: a 2xx means the fixes survive a crash.
    // Should the write fail, they stay queued and are written on recovery;
    // a client that retries is told they are duplicates.
    await deps.storage?.flush();
    const failed = deps.storage?.fault;
    if (failed) {
      storageUnavailable(res, failed);
      return true;
    }
    const answer: IngestResponse = {
      fleet_id: fleetId,
      accepted: verdicts.filter((v) => v.status === 'accepted').length,
      duplicates: verdicts.filter((v) => v.status === 'duplicate').length,
      rejected: verdicts.filter((v) => v.status === 'rejected').length,
      results: verdicts.map((v, index) => ({ index, ...v })),
    };
    sendJson(res, 200, answer);
    return true;
  };
}

/**
 * The fleets the presented key may send into: an ingest key's one fleet,
 * or an admin key's fleets. Answers the refusal itself otherwise.
 */
async function grantedFleets(
  req: http.IncomingMessage,
  res: http.ServerResponse,
  deps: IngestRouteDeps,
): Promise<ReadonlySet<string> | undefined> {
  const key = bearerKey(req);
  if (!key) {
    sendError(res, 'missing_api_key', 'Send your key as Authorization: Bearer <key>');
    return undefined;
  }
  if (key.startsWith(INGEST_KEY_PREFIX)) {
    const grant = await (deps.ingestGrant?.(key) ?? findIngestGrant(deps.db, key));
    if (grant) return new Set([grant.fleetId]);
  } else {
    const principal = await deps.authenticate(key);
    if (principal?.role === 'admin') return principal.fleets;
    if (principal) {
      const text = `The ${principal.role} role may not send positions; use an ingest key`;
      sendError(res, 'role_forbidden', text);
      return undefined;
    }
  }
  sendError(res, 'invalid_api_key', 'The API key is unknown or revoked');
  return undefined;
}

function storageUnavailable(res: http.ServerResponse, fault: StorageFault): void {
  res.setHeader('Retry-After', String(STORAGE_RETRY_AFTER_S));
  sendError(res, 'storage_unavailable', `${fault.message}. Retry the same batch later`);
}
