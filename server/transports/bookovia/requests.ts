import {
  clip,
  isRequestResource,
  REQUEST_RESOURCES,
  type ErrorCode,
  type FleetMetricsPayload,
  type ResponsePayload,
} from '../../../lib/protocol';
import type { AlertMessage } from '../../stream/recent-alerts';
import type { FleetSnapshotSource } from '../snapshot';

/** Where `request` answers come from; each reads one fleet. */
export interface RequestSources {
  snapshots: FleetSnapshotSource;
  /** Active and recent alerts of a fleet, oldest first. */
  recentAlerts: (fleetId: string) => readonly AlertMessage[];
  /** The latest finished metrics period of a fleet, if any. */
  latestMetrics: (fleetId: string) => FleetMetricsPayload | undefined;
}

/** The fields a vehicle or trip endpoint narrows by; fleet-wide payloads lack both. */
export interface ScopedPayload {
  vehicle_id?: string | undefined;
  trip_id?: string | undefined;
}

/** What one session may see: its fleets, narrowed by its endpoint. */
export interface RequestView {
  fleets: ReadonlySet<string>;
  /** False for a payload outside a vehicle or trip endpoint's scope. */
  sees(payload: ScopedPayload): boolean;
}

export type RequestAnswer =
  | { ok: true; payload: ResponsePayload }
  | { ok: false; code: ErrorCode; message: string };

const RESOURCE_LIST = REQUEST_RESOURCES.join(', ');

/**
 * Answers a `request` from its `payload.data`. The resource is named by
 * `resource` (or `type`, as some clients write it). A trip outside the
 * view gets exactly the answer an unknown trip gets, so ids cannot be probed.
 */
export function answerRequest(
  data: Record<string, unknown> | undefined,
  view: RequestView,
  sources: RequestSources,
): RequestAnswer {
  const resource = data?.['resource'] ?? data?.['type'];
  if (!isRequestResource(resource)) {
    const message = `Unknown request: set payload.data.resource to one of ${RESOURCE_LIST}`;
    return { ok: false, code: 'invalid_message', message };
  }
  const fleets = [...view.fleets];

  switch (resource) {
    case 'vehicles': {
      const vehicles = fleets.flatMap((f) => sources.snapshots.snapshot(f).vehicles);
      const data = vehicles.filter((v) => view.sees(v.payload));
      return { ok: true, payload: { request: resource, data } };
    }
    case 'alerts': {
      const alerts = fleets.flatMap((f) => sources.recentAlerts(f));
      const data = alerts.filter((a) => view.sees(a.payload));
      return { ok: true, payload: { request: resource, data } };
    }
    case 'fleet_metrics': {
      // Metrics are fleet-wide: about no vehicle or trip in particular.
      const latest = view.sees({}) ? fleets.map((f) => sources.latestMetrics(f)) : [];
      const data = latest.filter((m): m is FleetMetricsPayload => m !== undefined);
      return { ok: true, payload: { request: resource, data } };
    }
    case 'trip':
      return answerTrip(data?.['trip_id'], fleets, view, sources);
    case 'acknowledge_alert':
    case 'resolve_alert':
      // Acted on by the session itself: they write, and need the role.
      throw new Error(`${resource} is not a read request`);
  }
}

function answerTrip(
  tripId: unknown,
  fleets: string[],
  view: RequestView,
  sources: RequestSources,
): RequestAnswer {
  if (typeof tripId !== 'string' || tripId === '' || tripId.length > 128) {
    const message = 'A trip request needs payload.data.trip_id';
    return { ok: false, code: 'invalid_message', message };
  }
  const vehicles = fleets
    .flatMap((f) => sources.snapshots.snapshot(f).vehicles)
    .filter((v) => v.payload.trip_id === tripId && view.sees(v.payload));
  if (vehicles.length === 0) {
    const message = `No trip ${clip(tripId)} is visible to this key`;
    return { ok: false, code: 'not_found', message };
  }
  const data = { trip_id: tripId, vehicles };
  return { ok: true, payload: { request: 'trip', data } };
}
