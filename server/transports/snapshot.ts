import type {
  FleetMetricsPayload,
  FleetSnapshot,
  LocationUpdate,
} from '../../lib/protocol';
import type { FleetState } from '../fleet/fleet-state';
import type { StreamHub } from '../stream/hub';
import { toLocationPayload } from '../stream/location-message';

export interface FleetSnapshotSource {
  snapshot(fleetId: string): FleetSnapshot;
}

/** Current vehicles of a fleet as `location_update` envelopes. */
export function createSnapshotSource(
  state: FleetState,
  hub: StreamHub,
  metricsOf: (fleetId: string) => readonly FleetMetricsPayload[] = () => [],
): FleetSnapshotSource {
  return {
    snapshot(fleetId) {
      const seq = hub.seq(fleetId);
      const vehicles: LocationUpdate[] = state.snapshot(fleetId).map((s) => ({
        type: 'location_update',
        id: `snapshot-${fleetId}-${s.vehicleId}-${s.fix.deviceTime}`,
        timestamp: new Date(s.fix.deviceTime).toISOString(),
        channel: 'vehicle_locations',
        payload: toLocationPayload(s),
      }));
      const fleet = state.fleet(fleetId) ?? {
        id: fleetId,
        name: fleetId,
        timezone: 'UTC',
      };
      const roster = state.vehiclesOf(fleetId).map((v) => ({ id: v.id, label: v.label }));
      return {
        fleet_id: fleetId,
        fleet,
        roster,
        timestamp: new Date().toISOString(),
        seq,
        vehicles,
        metrics: [...metricsOf(fleetId)],
      };
    },
  };
}
