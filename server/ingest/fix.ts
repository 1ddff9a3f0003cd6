/**
 * A position fix as every source hands it to ingest, already in Fleetlight
 * units: times are epoch milliseconds UTC, speed km/h, heading degrees
 * clockwise from north, distances metres. Sources translate their own
 * formats into this shape at their edge; nothing past ingest sees a knot,
 * an m/s or a local time.
 */
export interface Fix {
  vehicleId: string;
  /** When the device measured the position (device clock), epoch ms UTC. */
  deviceTime: number;
  lat: number;
  lon: number;
  speedKmh?: number;
  heading?: number;
  accuracyM?: number;
  altitudeM?: number;
  tripId?: string;
  routeId?: string;
  engineRpm?: number;
  /** Absolute engine load, percent. */
  engineLoad?: number;
  /** Engine coolant temperature, °C. */
  engineTemp?: number;
  fuelLevel?: number;
  /**
   * The odometer as the device reads it, km. When present it replaces the
   * distance the server sums from the track.
   */
  odometerKm?: number;
  /** Mass air flow into the engine, g/s (OBD PID 0x10). */
  mafGs?: number;
  /**
   * When the source's own clock took the fix, epoch ms: a replay's recorded
   * time. Timetables are matched and physics is reckoned on this clock;
   * `deviceTime` remains the time on the wire.
   */
  sourceTime?: number;
  /**
   * The fix does not continue the previous one (device restart, the seam of
   * a looping replay): nothing is derived from the step between them.
   */
  trackBreak?: boolean;
}
