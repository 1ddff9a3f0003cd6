import type { AlertRecord } from '../protocol';
import type { HistorySpan, PositionsAt, TripPage } from '../protocol/history';
import type { ReplayPoint } from '../replay/track';
import { callApi, segment } from './client';

/** The most alerts one trip's replay marks (server/db/alerts.ts caps 500). */
const MAX_TRIP_ALERTS = 500;

/** A trip's stored track, translated to replay points. */
export interface TripTrack {
  tripId: string;
  vehicleIds: string[];
  points: ReplayPoint[];
  /** The server had more fixes than it answers. */
  truncated: boolean;
}

interface WireTrack {
  trip_id: string;
  vehicle_ids: string[];
  points: Array<{
    t: string;
    lat: number;
    lon: number;
    speed?: number;
    heading?: number;
  }>;
  truncated: boolean;
}

export async function fetchTripTrack(
  key: string,
  tripId: string,
  signal?: AbortSignal,
): Promise<TripTrack> {
  const path = `/v1/trips/${segment(tripId)}/track`;
  const body = await callApi<WireTrack>(key, path, signal && { signal });
  return {
    tripId: body.trip_id,
    vehicleIds: body.vehicle_ids,
    points: body.points.map((p) => ({ ...p, t: Date.parse(p.t) })),
    truncated: body.truncated,
  };
}

/** The alerts raised on one trip, newest first. */
export async function fetchTripAlerts(
  key: string,
  fleetId: string,
  tripId: string,
  signal?: AbortSignal,
): Promise<AlertRecord[]> {
  const query = `trip_id=${encodeURIComponent(tripId)}&limit=${MAX_TRIP_ALERTS}`;
  const path = `/v1/fleets/${segment(fleetId)}/alerts?${query}`;
  const body = await callApi<{ alerts: AlertRecord[] }>(key, path, signal && { signal });
  return body.alerts;
}

export interface TripFilter {
  vehicleId?: string;
  offset?: number;
  limit?: number;
}

export function fetchTrips(
  key: string,
  fleetId: string,
  filter: TripFilter,
  signal?: AbortSignal,
): Promise<TripPage> {
  const query = new URLSearchParams();
  if (filter.vehicleId) query.set('vehicle_id', filter.vehicleId);
  if (filter.offset) query.set('offset', String(filter.offset));
  if (filter.limit) query.set('limit', String(filter.limit));
  const path = `/v1/fleets/${segment(fleetId)}/trips?${query.toString()}`;
  return callApi<TripPage>(key, path, signal && { signal });
}

export function fetchPositionsAt(
  key: string,
  fleetId: string,
  t: number,
  signal?: AbortSignal,
): Promise<PositionsAt> {
  const at = encodeURIComponent(new Date(t).toISOString());
  const path = `/v1/fleets/${segment(fleetId)}/positions-at?t=${at}`;
  return callApi<PositionsAt>(key, path, signal && { signal });
}

export function fetchHistorySpan(
  key: string,
  fleetId: string,
  signal?: AbortSignal,
): Promise<HistorySpan> {
  const path = `/v1/fleets/${segment(fleetId)}/history`;
  return callApi<HistorySpan>(key, path, signal && { signal });
}

/** Where the replay of a trip lives: `/fleet/{fleet}/trips/{trip}`. */
export function tripReplayHref(fleetId: string, tripId: string): string {
  return `/fleet/${segment(fleetId)}/trips/${segment(tripId)}`;
}
