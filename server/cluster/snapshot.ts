import type { LocationUpdate } from '../../lib/protocol';
import type { FleetSnapshotSource } from '../transports/snapshot';

/**
 * Snapshots that list the vehicles other nodes ingest as well as this
 * node's own: per vehicle, whichever latest position is newer by its
 * timestamp. `positions` holds those the shared stream has carried.
 */
export function withSharedPositions(
  source: FleetSnapshotSource,
  positions: (fleetId: string) => readonly LocationUpdate[],
): FleetSnapshotSource {
  return {
    snapshot(fleetId) {
      const own = source.snapshot(fleetId);
      const byVehicle = new Map(own.vehicles.map((v) => [v.payload.vehicle_id, v]));
      for (const p of positions(fleetId)) {
        const mine = byVehicle.get(p.payload.vehicle_id);
        if (mine && Date.parse(mine.timestamp) >= Date.parse(p.timestamp)) continue;
        byVehicle.set(p.payload.vehicle_id, p);
      }
      return { ...own, vehicles: [...byVehicle.values()] };
    },
  };
}
