import type { RouteProgressPayload, TripEventPayload } from '../../lib/protocol';
import { round } from '../../lib/geo/units';
import type { VehicleClock } from './clock';
import type { TransitEvent } from './transit/types';
import type { VehicleEvent } from './vehicle-engine';

export interface TransitTarget {
  vehicleId: string;
  fleetId: string;
  routeId?: string;
}

/**
 * Turns the transit tracker's events into wire events. Times are mapped
 * from the physical (timetable) clock to the device clock; delays stay in
 * real minutes.
 */
export function mapTransitEvent(
  e: TransitEvent,
  v: TransitTarget,
  clock: VehicleClock,
): VehicleEvent | undefined {
  const iso = (t: number) => new Date(clock.device(t)).toISOString();
  const base = {
    trip_id: e.tripId,
    vehicle_id: v.vehicleId,
    fleet_id: v.fleetId,
    ...(v.routeId !== undefined && { route_id: v.routeId }),
  };
  switch (e.kind) {
    case 'trip_started':
      return { kind: 'trip', t: e.at, payload: { event: 'trip_started', ...base } };
    case 'waypoint_reached': {
      const payload: TripEventPayload = {
        event: 'waypoint_reached',
        ...base,
        waypoint: {
          waypoint_id: e.stopId,
          name: e.name,
          location: { latitude: e.lat, longitude: e.lon, address: e.name },
          arrival_time: iso(e.arrivalAt),
          planned_time: iso(e.plannedAt),
          delay_minutes: e.delayMinutes,
          activity_type: e.activityType,
        },
        route_update: {
          completed_stops: e.completedStops,
          remaining_stops: e.remainingStops,
          ...(e.updatedEta !== undefined && { updated_eta: iso(e.updatedEta) }),
        },
      };
      const delaySeconds = (e.arrivalAt - e.plannedAt) / 1000;
      return { kind: 'trip', t: e.arrivalAt, payload, delaySeconds };
    }
    case 'trip_completed':
      return {
        kind: 'trip',
        t: e.at,
        payload: {
          event: 'trip_completed',
          ...base,
          summary: {
            distance_km: round(e.distanceKm, 2),
            duration_s: e.durationS,
            started_at: iso(e.startedAt),
          },
        },
      };
    case 'route_progress': {
      const payload: RouteProgressPayload = {
        ...base,
        distance_completed: round(e.distanceCompletedKm, 2),
        distance_remaining: round(e.distanceRemainingKm, 2),
        completion_percentage: e.completionPercentage,
        completed_stops: e.completedStops,
        remaining_stops: e.remainingStops,
        delay_minutes: e.delayMinutes,
        ...(e.nextStopId !== undefined && { next_stop: e.nextStopId }),
        ...(e.nextStopName !== undefined && { next_stop_name: e.nextStopName }),
        ...(e.eta !== undefined && { eta: iso(e.eta) }),
        ...(e.nextStopEta !== undefined && { next_stop_eta: iso(e.nextStopEta) }),
      };
      return { kind: 'route_progress', t: e.at, payload };
    }
    case 'trip_data_error':
      // Counted by the tracker; nothing a dashboard should show as a trip.
      return undefined;
  }
}
