import type { LocationUpdatePayload, Telemetry } from '../protocol';

/** One vehicle as the dashboard holds it: wire fields in our own words. */
export interface Vehicle {
  id: string;
  fleetId: string;
  lat: number;
  lon: number;
  /** Degrees from north; absent when unknown (no arrow is drawn). */
  heading?: number;
  /** km/h; absent when the device did not report it. */
  speed?: number;
  /** Device time of the fix, epoch ms. */
  deviceTime: number;
  /** When this browser received the fix, epoch ms. */
  receivedAt: number;
  /**
   * The fix came in the snapshot sent on (re)connecting, not live: its
   * delay says how long ago the vehicle last reported, not how fast the
   * feed is.
   */
  fromSnapshot?: true;
  tripId?: string;
  routeId?: string;
  telemetry?: Telemetry;
}

/** Translates a wire payload at the edge; null if its time is unreadable. */
export function fromPayload(
  p: LocationUpdatePayload,
  receivedAt: number,
): Vehicle | null {
  const deviceTime = Date.parse(p.timestamp);
  const { latitude: lat, longitude: lon, heading, speed } = p.location;
  // NaN passes `!= null` checks and crashes map libraries: check finiteness.
  if (!Number.isFinite(deviceTime) || !Number.isFinite(lat) || !Number.isFinite(lon)) {
    return null;
  }
  const v: Vehicle = {
    id: p.vehicle_id,
    fleetId: p.fleet_id,
    lat,
    lon,
    deviceTime,
    receivedAt,
  };
  if (heading !== undefined && Number.isFinite(heading)) v.heading = heading;
  if (speed !== undefined && Number.isFinite(speed)) v.speed = speed;
  if (p.trip_id !== undefined) v.tripId = p.trip_id;
  if (p.route_id !== undefined) v.routeId = p.route_id;
  if (p.telemetry !== undefined) v.telemetry = p.telemetry;
  return v;
}
