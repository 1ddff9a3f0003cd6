import { tripTrack, vehicleTrack, type TrackRow } from '../db/tracks';
import type { Call, RestDeps, Route } from './rest';
import { sendError, sendJson } from './respond';

/** Most points one track answers; `truncated` says when there were more. */
export const MAX_TRACK_POINTS = 10_000;
/** Widest window of `GET /v1/vehicles/{id}/track`, device time. */
export const MAX_TRACK_WINDOW_MS = 24 * 3_600_000;

export interface TrackPoint {
  /** Device time, ISO 8601 UTC. */
  t: string;
  lat: number;
  lon: number;
  /** km/h, when the device reported it. */
  speed?: number;
  /** Degrees from north, when the device reported it. */
  heading?: number;
}

/**
 * Where a vehicle went, from the stored positions: over a window of device
 * time, or along one trip. A vehicle or trip outside the key's fleets is
 * answered like an unknown one.
 */
export function trackRoutes(deps: RestDeps): Route[] {
  return [
    {
      method: 'GET',
      path: /^\/v1\/vehicles\/([^/]+)\/track$/,
      handle: (call) => getVehicleTrack(deps, call),
    },
    {
      method: 'GET',
      path: /^\/v1\/trips\/([^/]+)\/track$/,
      handle: (call) => getTripTrack(deps, call),
    },
  ];
}

async function getVehicleTrack(deps: RestDeps, call: Call): Promise<void> {
  const { res, principal } = call;
  const vehicleId = call.params[0] ?? '';
  const fleetId = deps.state.fleetOf(vehicleId);
  if (!fleetId || !principal.fleets.has(fleetId)) {
    return sendError(res, 'not_found', `No vehicle ${vehicleId} is visible to this key`);
  }

  const window = readWindow(new URL(call.req.url ?? '/', 'http://localhost'));
  if (typeof window === 'string') return sendError(res, 'invalid_message', window);

  const rows = await vehicleTrack(deps.db, vehicleId, window, MAX_TRACK_POINTS + 1);
  sendJson(res, 200, {
    vehicle_id: vehicleId,
    from: new Date(window.from).toISOString(),
    to: new Date(window.to).toISOString(),
    ...toPoints(rows),
  });
}

async function getTripTrack(deps: RestDeps, call: Call): Promise<void> {
  const tripId = call.params[0] ?? '';
  const fleets = [...call.principal.fleets];
  const rows = await tripTrack(deps.db, tripId, fleets, MAX_TRACK_POINTS + 1);
  if (rows.length === 0) {
    return sendError(call.res, 'not_found', `No trip ${tripId} is visible to this key`);
  }
  const vehicleIds = [...new Set(rows.map((r) => r.vehicle_id))];
  sendJson(call.res, 200, {
    trip_id: tripId,
    vehicle_ids: vehicleIds,
    ...toPoints(rows),
  });
}

/** The `from` and `to` query parameters, or a message naming the bad one. */
function readWindow(url: URL): { from: number; to: number } | string {
  const from = Date.parse(url.searchParams.get('from') ?? '');
  const to = Date.parse(url.searchParams.get('to') ?? '');
  if (Number.isNaN(from)) return 'from must be an ISO 8601 time';
  if (Number.isNaN(to)) return 'to must be an ISO 8601 time';
  if (to < from) return 'to must not be before from';
  if (to - from > MAX_TRACK_WINDOW_MS) return 'from and to must lie at most 24 h apart';
  return { from, to };
}

function toPoints(rows: TrackRow[]): { points: TrackPoint[]; truncated: boolean } {
  const points = rows.slice(0, MAX_TRACK_POINTS).map((r) => ({
    t: new Date(r.t).toISOString(),
    lat: r.lat,
    lon: r.lon,
    ...(r.speed_kmh !== null && { speed: r.speed_kmh }),
    ...(r.heading !== null && { heading: r.heading }),
  }));
  return { points, truncated: rows.length > MAX_TRACK_POINTS };
}
