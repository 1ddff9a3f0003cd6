/** A halt during a trip: where, from when, for how long (physical time). */
export interface StopFound {
  at: number;
  dwellS: number;
  lat: number;
  lon: number;
}

export interface StopSettings {
  /** Slower than this is standing. */
  stillKmh: number;
  /** A halt shorter than this (physical ms) is traffic, not a stop. */
  minDwellMs: number;
}

export const DEFAULT_STOPS: StopSettings = { stillKmh: 2, minDwellMs: 30_000 };

/**
 * Stops within a trip, with their dwell time, reported when the vehicle
 * moves off again (only then is the dwell known). Vehicles on a timetabled
 * trip report stops as waypoints instead.
 */
export class StopDetector {
  private since: { t: number; lat: number; lon: number } | undefined;

  constructor(private readonly settings: StopSettings = DEFAULT_STOPS) {}

  step(t: number, lat: number, lon: number, speedKmh: number | undefined): StopFound[] {
    if (speedKmh === undefined) return [];
    if (speedKmh < this.settings.stillKmh) {
      this.since ??= { t, lat, lon };
      return [];
    }
    const halt = this.since;
    this.since = undefined;
    if (!halt || t - halt.t < this.settings.minDwellMs) return [];
    return [
      {
        at: halt.t,
        dwellS: Math.round((t - halt.t) / 1000),
        lat: halt.lat,
        lon: halt.lon,
      },
    ];
  }

  /** Forgets a halt in progress (the trip ended while standing). */
  reset(): void {
    this.since = undefined;
  }
}
