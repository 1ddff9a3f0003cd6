import { startBenchApp, type AppOptions } from './app';
import { locationMessage, type FanOut } from './fanout';

/**
 * The product's fan-out: a whole Fleetlight whose stream hub gets each
 * position as the location throttle would publish it, so what follows —
 * the per-fleet binary `positions` batches of Socket.IO, the Bookovia
 * endpoint's shared frames, whatever else listens — runs as in production
 * while the engine and storage stay idle. When the path from a vehicle's
 * state to the hub changes, this is the function to follow.
 */
export async function fleetlightFanOut(opts: AppOptions): Promise<FanOut> {
  const bench = await startBenchApp(opts);
  const { hub } = bench.app;
  return {
    url: bench.url,
    publish: (u) => void hub.publish(u.fleetId, locationMessage(u)),
    close: () => bench.close(),
  };
}
