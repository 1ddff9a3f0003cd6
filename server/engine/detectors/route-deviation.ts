import { distanceFromPathKm } from '../transit/path';
import type { TripPath } from '../transit/types';

export interface RouteDeviationSettings {
  /** Farther than this from the planned path, m, a fix is off route. */
  offRouteM: number;
  /**
   * Back within this, m, the episode ends. Lower than `offRouteM` so a
   * vehicle driving along the threshold does not flap.
   */
  backOnRouteM: number;
  /** Physical seconds a vehicle must stay off route before it is reported. */
  minDurationS: number;
}

/** The planned trip a vehicle is judged against. */
export interface JudgedTrip {
  tripId: string;
  path: TripPath;
  routeId?: string;
}

/**
 * An episode reported (`resolved` false) or over (`resolved` true).
 * Units follow the wire: distances m, durations s.
 */
export interface RouteDeviationEvent {
  t: number;
  resolved: boolean;
  eventData: Record<string, number | string>;
}

interface Episode {
  trip: JudgedTrip;
  startedAt: number;
  lastAt: number;
  peakM: number;
  reported: boolean;
}

/**
 * Watches one vehicle's distance from its planned path. One alert per
 * episode once it has been off route on consecutive fixes for
 * `minDurationS`, and one resolution when it comes back or the trip ends.
 * A shorter excursion (a block around roadworks) reports nothing.
 */
export class RouteDeviation {
  private episode: Episode | undefined;

  constructor(private readonly settings: RouteDeviationSettings) {}

  /** `trip` is undefined while the vehicle is on no trip worth judging. */
  step(
    t: number,
    point: { lat: number; lon: number },
    trip: JudgedTrip | undefined,
  ): RouteDeviationEvent[] {
    const events: RouteDeviationEvent[] = [];
    const open = this.episode;
    if (open && open.trip.tripId !== trip?.tripId) {
      if (open.reported) events.push(this.close(open, t, 'trip ended'));
      this.episode = undefined;
    }
    if (!trip) return events;

    const km = distanceFromPathKm(trip.path, point);
    if (km === undefined) return events;
    const found = this.judge(t, km * 1000, trip);
    if (found) events.push(found);
    return events;
  }

  private judge(
    t: number,
    distanceM: number,
    trip: JudgedTrip,
  ): RouteDeviationEvent | undefined {
    const { settings } = this;
    const e = this.episode;

    if (!e) {
      if (distanceM <= settings.offRouteM) return undefined;
      const start = { trip, startedAt: t, lastAt: t, peakM: distanceM, reported: false };
      this.episode = start;
      return this.report(start);
    }

    if (e.reported) {
      if (distanceM > settings.backOnRouteM) {
        e.peakM = Math.max(e.peakM, distanceM);
        return undefined;
      }
      this.episode = undefined;
      return this.close(e, t, 'back on route');
    }

    // Not reported yet: one fix back on the path makes it a brief excursion.
    if (distanceM <= settings.offRouteM) {
      this.episode = undefined;
      return undefined;
    }
    e.lastAt = t;
    e.peakM = Math.max(e.peakM, distanceM);
    return this.report(e);
  }

  /** Reports the episode once it has lasted long enough. */
  private report(e: Episode): RouteDeviationEvent | undefined {
    if ((e.lastAt - e.startedAt) / 1000 < this.settings.minDurationS) return undefined;
    e.reported = true;
    return { t: e.lastAt, resolved: false, eventData: this.data(e, e.lastAt) };
  }

  private close(e: Episode, t: number, reason: string): RouteDeviationEvent {
    return { t, resolved: true, eventData: { ...this.data(e, t), reason } };
  }

  private data(e: Episode, t: number): Record<string, number | string> {
    return {
      distance_m: Math.round(e.peakM),
      duration_s: Math.round((t - e.startedAt) / 1000),
      threshold_m: this.settings.offRouteM,
      planned_trip_id: e.trip.tripId,
      ...(e.trip.routeId !== undefined && { planned_route_id: e.trip.routeId }),
    };
  }
}
