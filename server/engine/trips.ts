import { distanceMeters } from '../../lib/geo/distance';

/** One fix as the trip detector needs it, in physical time. */
export interface TripSample {
  t: number;
  lat: number;
  lon: number;
  speedKmh?: number;
  tripId?: string;
  routeId?: string;
}

export interface TripRecord {
  tripId: string;
  /** The route of the fix that opened the trip. */
  routeId?: string;
  startedAt: number;
  distanceKm: number;
  lastAt: number;
  lastLat: number;
  lastLon: number;
}

export type TripChange =
  { kind: 'started'; trip: TripRecord } | { kind: 'completed'; trip: TripRecord };

export interface MotionTripSettings {
  /** Moving faster than this counts towards starting a trip. */
  startKmh: number;
  /** …for at least this long (physical ms). */
  startAfterMs: number;
  /** Stationary this long (physical ms) ends the trip. */
  endAfterMs: number;
  /** GPS jitter: a parked vehicle's fixes scatter within this radius of it. */
  jitterM: number;
}

export const DEFAULT_MOTION_TRIPS: MotionTripSettings = {
  startKmh: 8,
  startAfterMs: 60_000,
  endAfterMs: 5 * 60_000,
  jitterM: 50,
};

/**
 * Trips of one vehicle. Where the data names the trip (a feed's trip id),
 * a new id ends the previous trip and starts the next. Otherwise trips come
 * from motion with hysteresis: a minute of real driving starts one, five
 * stationary minutes end it, and GPS jitter while parked starts nothing.
 */
export class TripDetector {
  private trip: TripRecord | undefined;
  /** The first fix of the current run of driving: where a trip would start. */
  private movingFrom: TripSample | undefined;
  private stillSince: number | undefined;
  private anchor: { lat: number; lon: number } | undefined;
  private seq = 0;
  private seen = false;

  constructor(
    private readonly vehicleId: string,
    private readonly settings: MotionTripSettings = DEFAULT_MOTION_TRIPS,
  ) {}

  get current(): TripRecord | undefined {
    return this.trip;
  }

  step(s: TripSample): TripChange[] {
    const first = !this.seen;
    this.seen = true;
    if (s.tripId === undefined) return this.byMotion(s);
    // A trip already under way when we first hear of the vehicle is joined
    // silently: announcing it as started would be false.
    if (first) {
      this.trip = open(s.tripId, s);
      return [];
    }
    return this.byId(s, s.tripId);
  }

  private byId(s: TripSample, tripId: string): TripChange[] {
    const out: TripChange[] = [];
    if (this.trip && this.trip.tripId !== tripId) {
      out.push({ kind: 'completed', trip: this.trip });
      this.trip = undefined;
    }
    if (!this.trip) {
      this.trip = open(tripId, s);
      out.push({ kind: 'started', trip: this.trip });
      return out;
    }
    advance(this.trip, s);
    return out;
  }

  private byMotion(s: TripSample): TripChange[] {
    const moved = this.hasMoved(s);
    const fast = (s.speedKmh ?? 0) >= this.settings.startKmh || moved;
    if (this.trip) {
      advance(this.trip, s);
      if (fast) {
        this.stillSince = undefined;
        return [];
      }
      this.stillSince ??= s.t;
      if (s.t - this.stillSince < this.settings.endAfterMs) return [];
      const done = this.trip;
      this.trip = undefined;
      this.movingFrom = undefined;
      this.anchor = { lat: s.lat, lon: s.lon };
      return [{ kind: 'completed', trip: done }];
    }
    if (!fast) {
      this.movingFrom = undefined;
      return [];
    }
    this.movingFrom ??= s;
    const from = this.movingFrom;
    if (s.t - from.t < this.settings.startAfterMs) return [];
    this.seq++;
    // The trip began where the driving did, a minute before it was certain.
    this.trip = open(`${this.vehicleId}-trip-${from.t.toString(36)}-${this.seq}`, from);
    advance(this.trip, s);
    this.stillSince = undefined;
    return [{ kind: 'started', trip: this.trip }];
  }

  /** Left the jitter radius around where it last stood. */
  private hasMoved(s: TripSample): boolean {
    if (!this.anchor) {
      this.anchor = { lat: s.lat, lon: s.lon };
      return false;
    }
    // The anchor is itself a jittered fix: two fixes each within jitterM of
    // where the vehicle stands can lie up to twice that apart.
    if (distanceMeters(this.anchor, s) <= 2 * this.settings.jitterM) return false;
    this.anchor = { lat: s.lat, lon: s.lon };
    return true;
  }
}

function open(tripId: string, s: TripSample): TripRecord {
  return {
    tripId,
    ...(s.routeId !== undefined && { routeId: s.routeId }),
    startedAt: s.t,
    distanceKm: 0,
    lastAt: s.t,
    lastLat: s.lat,
    lastLon: s.lon,
  };
}

function advance(trip: TripRecord, s: TripSample): void {
  trip.distanceKm += distanceMeters({ lat: trip.lastLat, lon: trip.lastLon }, s) / 1000;
  trip.lastAt = s.t;
  trip.lastLat = s.lat;
  trip.lastLon = s.lon;
}
