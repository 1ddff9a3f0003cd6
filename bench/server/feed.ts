import { fleetName, type PositionUpdate } from './fanout';

export interface FeedShape {
  vehicles: number;
  fleets: number;
  seconds: number;
}

/** Vehicle i belongs to fleet i mod fleets. */
export const vehicleName = (i: number): string => `veh-${i}`;

/**
 * Publishes every vehicle's position once a second for `seconds`, spread
 * evenly over each second, through `publish`. A position's time is when
 * it was due, not when the loop got to it: a server too busy to run the
 * feed is late, and each vehicle's times stay one second apart. The positions are built
 * from a few numbers each, so the feed costs every variant the same.
 * Resolves with how many positions each fleet was sent.
 */
export function runFeed(
  shape: FeedShape,
  publish: (u: PositionUpdate) => void,
): Promise<number[]> {
  const { vehicles, fleets, seconds } = shape;
  const perFleet = new Array<number>(fleets).fill(0);
  const ids = Array.from({ length: vehicles }, (_, i) => vehicleName(i));
  const fleetIds = Array.from({ length: fleets }, (_, i) => fleetName(i));
  const total = vehicles * seconds;
  const started = performance.now();
  const epoch = Date.now();
  let sent = 0;

  return new Promise((resolve) => {
    const tick = () => {
      const due = Math.min(
        total,
        Math.floor(((performance.now() - started) / 1000) * vehicles),
      );
      for (; sent < due; sent++) {
        const i = sent % vehicles;
        const lap = Math.floor(sent / vehicles);
        const fleet = i % fleets;
        perFleet[fleet] = (perFleet[fleet] ?? 0) + 1;
        publish({
          vehicleId: ids[i] ?? '',
          fleetId: fleetIds[fleet] ?? '',
          lat: Math.round((30.2 + (i % 97) * 1e-3 + lap * 1e-4) * 1e6) / 1e6,
          lon: Math.round((-97.8 + (i % 89) * 1e-3) * 1e6) / 1e6,
          speedKmh: 30 + (i % 30),
          heading: (i * 7) % 360,
          odometerKm: Math.round((1000 + i + lap * 0.01) * 100) / 100,
          sentAt: epoch + Math.floor((sent * 1000) / vehicles),
        });
      }
      if (sent >= total) resolve(perFleet);
      else setTimeout(tick, 5);
    };
    tick();
  });
}
