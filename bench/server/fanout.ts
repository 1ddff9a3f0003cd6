import type { LocationUpdate } from '../../lib/protocol';

/**
 * One position as the feed hands it to a fan-out layer. `sentAt` becomes
 * the message's time, which the dashboards subtract from their clock.
 */
export interface PositionUpdate {
  vehicleId: string;
  fleetId: string;
  lat: number;
  lon: number;
  speedKmh: number;
  heading: number;
  odometerKm: number;
  sentAt: number;
}

/**
 * What the W1 and Bookovia scenarios measure: a server that takes
 * positions and delivers them to the dashboards of their fleet. The
 * product's implementation (bench/server/fanout-fleetlight.ts) and the
 * bare baselines (bench/server/baselines.ts) sit behind this interface,
 * so a new fan-out path in the product is measured by changing one file.
 */
export interface FanOut {
  /** Where clients connect, `http://127.0.0.1:port`. */
  readonly url: string;
  /** Delivers one position to every viewer of its fleet. */
  publish(update: PositionUpdate): void;
  close(): Promise<void>;
}

/** How dashboards authenticate and which fleet they read. */
export const BENCH_KEY = 'bench-server-key-0123456789abcdef';
export const fleetName = (i: number): string => `bench-${i}`;

/** The spec's `location_update` for a position, as the stream carries it. */
export function locationMessage(u: PositionUpdate): Omit<LocationUpdate, 'id' | 'seq'> {
  const timestamp = new Date(u.sentAt).toISOString();
  return {
    type: 'location_update',
    timestamp,
    channel: 'vehicle_locations',
    payload: {
      vehicle_id: u.vehicleId,
      fleet_id: u.fleetId,
      timestamp,
      location: {
        latitude: u.lat,
        longitude: u.lon,
        heading: u.heading,
        speed: u.speedKmh,
      },
      telemetry: { odometer: u.odometerKm },
    },
  };
}
