import {
  DEFAULT_LOOKBACK_S,
  DEFAULT_TRIP_PAGE,
  MAX_LOOKBACK_S,
  MAX_TRIP_PAGE,
  type HistorySpan,
  type PositionAt,
  type PositionsAt,
  type TripPage,
} from '../../lib/protocol/history';
import { historySpan, listTrips, positionsAt, type TripQuery } from '../db/history';
import type { Call, RestDeps, Route } from './rest';
import { sendError, sendJson } from './respond';

/**
 * The stored history of a fleet: its trips, where every vehicle was at
 * one moment, and the span stored. A fleet outside the key is answered
 * like an unknown one.
 */
export function historyRoutes(deps: RestDeps): Route[] {
  return [
    {
      method: 'GET',
      path: /^\/v1\/fleets\/([^/]+)\/trips$/,
      handle: (call) => getTrips(deps, call),
    },
    {
      method: 'GET',
      path: /^\/v1\/fleets\/([^/]+)\/positions-at$/,
      handle: (call) => getPositionsAt(deps, call),
    },
    {
      method: 'GET',
      path: /^\/v1\/fleets\/([^/]+)\/history$/,
      handle: (call) => getSpan(deps, call),
    },
  ];
}

async function getTrips(deps: RestDeps, call: Call): Promise<void> {
  const fleetId = call.params[0] ?? '';
  if (!call.principal.fleets.has(fleetId)) return notVisible(call, fleetId);

  const query = readTripQuery(queryOf(call));
  if (typeof query === 'string') return sendError(call.res, 'invalid_message', query);

  // One more than asked says whether another page follows.
  const rows = await listTrips(deps.db, fleetId, { ...query, limit: query.limit + 1 });
  const page: TripPage = {
    fleet_id: fleetId,
    trips: rows.slice(0, query.limit).map((r) => ({
      ...r,
      start: new Date(r.start).toISOString(),
      end: new Date(r.end).toISOString(),
    })),
    ...(rows.length > query.limit && { next_offset: query.offset + query.limit }),
  };
  sendJson(call.res, 200, page);
}

async function getPositionsAt(deps: RestDeps, call: Call): Promise<void> {
  const fleetId = call.params[0] ?? '';
  if (!call.principal.fleets.has(fleetId)) return notVisible(call, fleetId);

  const url = queryOf(call);
  const t = Date.parse(url.get('t') ?? '');
  if (Number.isNaN(t)) return bad(call, 't must be an ISO 8601 time');
  const lookback = readInt(url, 'lookback_s', DEFAULT_LOOKBACK_S, 1, MAX_LOOKBACK_S);
  if (lookback === undefined) {
    return bad(call, `lookback_s must be a whole number in [1, ${MAX_LOOKBACK_S}]`);
  }

  const rows = await positionsAt(deps.db, fleetId, t, lookback * 1000);
  const vehicles: PositionAt[] = [];
  const withoutFix: string[] = [];
  for (const r of rows) {
    if (r.t === null) {
      withoutFix.push(r.vehicle_id);
      continue;
    }
    vehicles.push({
      vehicle_id: r.vehicle_id,
      label: r.label,
      t: new Date(r.t).toISOString(),
      lat: r.lat,
      lon: r.lon,
      ...(r.speed_kmh !== null && { speed: r.speed_kmh }),
      ...(r.heading !== null && { heading: r.heading }),
      ...(r.trip_id !== null && { trip_id: r.trip_id }),
    });
  }
  const body: PositionsAt = {
    fleet_id: fleetId,
    t: new Date(t).toISOString(),
    lookback_s: lookback,
    vehicles,
    without_fix: withoutFix,
  };
  sendJson(call.res, 200, body);
}

async function getSpan(deps: RestDeps, call: Call): Promise<void> {
  const fleetId = call.params[0] ?? '';
  if (!call.principal.fleets.has(fleetId)) return notVisible(call, fleetId);

  const span = await historySpan(deps.db, fleetId);
  const body: HistorySpan = {
    fleet_id: fleetId,
    first: span && new Date(span.first).toISOString(),
    last: span && new Date(span.last).toISOString(),
  };
  sendJson(call.res, 200, body);
}

/** The trip listing's parameters, or a message naming the bad one. */
function readTripQuery(url: URLSearchParams): TripQuery | string {
  const limit = readInt(url, 'limit', DEFAULT_TRIP_PAGE, 1, MAX_TRIP_PAGE);
  if (limit === undefined) return `limit must be a whole number in [1, ${MAX_TRIP_PAGE}]`;
  const offset = readInt(url, 'offset', 0, 0, Number.MAX_SAFE_INTEGER);
  if (offset === undefined) return 'offset must be a whole number from 0';

  const query: TripQuery = { limit, offset };
  const vehicleId = url.get('vehicle_id');
  if (vehicleId !== null) query.vehicleId = vehicleId;
  for (const name of ['from', 'to'] as const) {
    const raw = url.get(name);
    if (raw === null) continue;
    const time = Date.parse(raw);
    if (Number.isNaN(time)) return `${name} must be an ISO 8601 time`;
    query[name] = time;
  }
  if (query.from !== undefined && query.to !== undefined && query.to < query.from) {
    return 'to must not be before from';
  }
  return query;
}

/** A whole number parameter in [min, max], its default when absent. */
function readInt(
  url: URLSearchParams,
  name: string,
  fallback: number,
  min: number,
  max: number,
): number | undefined {
  const raw = url.get(name);
  if (raw === null) return fallback;
  const n = Number(raw);
  if (raw.trim() === '' || !Number.isInteger(n) || n < min || n > max) return undefined;
  return n;
}

function queryOf(call: Call): URLSearchParams {
  return new URL(call.req.url ?? '/', 'http://localhost').searchParams;
}

function bad(call: Call, message: string): void {
  sendError(call.res, 'invalid_message', message);
}

function notVisible(call: Call, fleetId: string): void {
  sendError(call.res, 'not_found', `No fleet ${fleetId} is visible to this key`);
}
