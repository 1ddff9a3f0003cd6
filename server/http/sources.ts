import type { z } from 'zod';
import {
  deviceBodySchema,
  gtfsRtBodySchema,
  ingestKeyBodySchema,
} from '../../lib/protocol';
import {
  createIngestKey,
  listIngestKeys,
  revokeIngestKey,
  rotateIngestKey,
} from '../db/ingest-keys';
import { readJson } from './body';
import { importRoute } from './imports';
import { keyRoutes, type KeyKind } from './keys';
import type { Call, RestDeps, Route } from './rest';
import { sendError, sendJson } from './respond';

/**
 * Where positions come from, for admins: registered devices, ingest keys,
 * a fleet's GTFS-realtime feed, file imports and each source's health
 * (docs/SOURCES.md). A fleet, device or key outside the admin's key is
 * answered like an unknown one.
 */
/** Ingest keys: `/v1/fleets/{fleet}/ingest-keys`, `/v1/ingest-keys/{id}`. */
const INGEST_KEYS: KeyKind<{ label: string }> = {
  noun: 'ingest key',
  segment: 'ingest-keys',
  fields: { list: 'ingest_keys', one: 'ingest_key', id: 'key_id' },
  body: ingestKeyBodySchema,
  hint: 'Send {"label": string (1–100)}',
  list: listIngestKeys,
  create: (db, fleetId, { label }, by) => createIngestKey(db, fleetId, label, by.keyId),
  rotate: rotateIngestKey,
  revoke: revokeIngestKey,
};

export function sourceRoutes(deps: RestDeps): Route[] {
  const admin = ['admin'] as const;
  const route = (
    method: string,
    path: RegExp,
    handle: (deps: RestDeps, call: Call) => Promise<void>,
  ): Route => ({ method, path, roles: admin, handle: (call) => handle(deps, call) });

  return [
    route('GET', /^\/v1\/fleets\/([^/]+)\/sources$/, getSources),
    route('GET', /^\/v1\/fleets\/([^/]+)\/devices$/, getDevices),
    route('POST', /^\/v1\/fleets\/([^/]+)\/devices$/, postDevice),
    route('DELETE', /^\/v1\/devices\/([^/]+)$/, deleteDevice),
    ...keyRoutes(deps, INGEST_KEYS),
    route('GET', /^\/v1\/fleets\/([^/]+)\/gtfs-rt$/, getFeed),
    route('PUT', /^\/v1\/fleets\/([^/]+)\/gtfs-rt$/, putFeed),
    route('DELETE', /^\/v1\/fleets\/([^/]+)\/gtfs-rt$/, deleteFeed),
    importRoute(deps),
  ];
}

async function getSources(deps: RestDeps, call: Call): Promise<void> {
  const fleetId = visibleFleet(call);
  if (fleetId === undefined) return;
  sendJson(call.res, 200, deps.sources.health(fleetId));
}

async function getDevices(deps: RestDeps, call: Call): Promise<void> {
  const fleetId = visibleFleet(call);
  if (fleetId === undefined) return;
  sendJson(call.res, 200, {
    fleet_id: fleetId,
    devices: deps.sources.devices.ofFleet(fleetId),
  });
}

async function postDevice(deps: RestDeps, call: Call): Promise<void> {
  const fleetId = visibleFleet(call);
  if (fleetId === undefined) return;
  const body = deviceBodySchema.safeParse(await readJson(call.req));
  if (!body.success) {
    const hint =
      'Send {"device_id", "vehicle_id"?, "label"?, "kind"?: "osmand" | "http"}';
    return sendError(call.res, 'invalid_message', problem(body.error, hint));
  }

  const { device_id, vehicle_id = device_id, label = vehicle_id, kind } = body.data;
  const spec = { deviceId: device_id, vehicleId: vehicle_id, label, kind };
  const device = await deps.sources.registerDevice(fleetId, spec, call.principal.keyId);
  if (typeof device === 'string') return sendError(call.res, 'invalid_message', device);
  sendJson(call.res, 201, { device });
}

async function deleteDevice(deps: RestDeps, call: Call): Promise<void> {
  const deviceId = call.params[0] ?? '';
  const device = deps.sources.devices.get(deviceId);
  const removed = await deps.sources.devices.remove(deviceId, call.principal.fleets);
  if (!removed || !device) {
    return sendError(
      call.res,
      'not_found',
      `No device ${deviceId} is visible to this key`,
    );
  }
  sendJson(call.res, 200, { device });
}

async function getFeed(deps: RestDeps, call: Call): Promise<void> {
  const fleetId = visibleFleet(call);
  if (fleetId === undefined) return;
  const feed = deps.sources.feed(fleetId);
  if (!feed)
    return sendError(call.res, 'not_found', `Fleet ${fleetId} polls no GTFS-rt feed`);
  sendJson(call.res, 200, { gtfs_rt: feed });
}

async function putFeed(deps: RestDeps, call: Call): Promise<void> {
  const fleetId = visibleFleet(call);
  if (fleetId === undefined) return;
  const body = gtfsRtBodySchema.safeParse(await readJson(call.req));
  if (!body.success) {
    const hint =
      'Send {"url": "https://…", "interval_s"?: 5–3600, "vehicle_prefix"?: string}';
    return sendError(call.res, 'invalid_message', problem(body.error, hint));
  }
  const feed = await deps.sources.setFeed(fleetId, body.data, call.principal.keyId);
  sendJson(call.res, 200, { gtfs_rt: feed });
}

async function deleteFeed(deps: RestDeps, call: Call): Promise<void> {
  const fleetId = visibleFleet(call);
  if (fleetId === undefined) return;
  if (!(await deps.sources.removeFeed(fleetId))) {
    return sendError(call.res, 'not_found', `Fleet ${fleetId} polls no GTFS-rt feed`);
  }
  sendJson(call.res, 200, { fleet_id: fleetId, removed: true });
}

/** The fleet named in the path, or a 404 sent and undefined. */
export function visibleFleet(call: Call): string | undefined {
  const fleetId = call.params[0] ?? '';
  if (call.principal.fleets.has(fleetId)) return fleetId;
  sendError(call.res, 'not_found', `No fleet ${fleetId} is visible to this key`);
  return undefined;
}

/** The first problem, naming its field, then what a good body looks like. */
function problem(error: z.ZodError, hint: string): string {
  const issue = error.issues[0];
  if (!issue) return hint;
  const field = issue.path.join('.');
  return field === '' ? hint : `${field} ${issue.message}. ${hint}`;
}
