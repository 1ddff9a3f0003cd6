import { describe, expect, it } from 'vitest';
import type { FleetSnapshot, LocationUpdate } from '../../../lib/protocol';
import { withSharedPositions } from '../../../server/cluster/snapshot';

function at(vehicleId: string, time: string): LocationUpdate {
  return {
    type: 'location_update',
    id: `${vehicleId}-${time}`,
    timestamp: time,
    channel: 'vehicle_locations',
    payload: {
      vehicle_id: vehicleId,
      fleet_id: 'f1',
      timestamp: time,
      location: { latitude: 1, longitude: 2 },
    },
  };
}

const T1 = '2026-03-10T10:00:00.000Z';
const T2 = '2026-03-10T10:00:05.000Z';

describe('withSharedPositions', () => {
  it('adds other nodes’ vehicles and keeps the newer position of each', () => {
    const own = { vehicles: [at('v1', T2), at('v2', T1)] } as FleetSnapshot;
    const source = withSharedPositions({ snapshot: () => own }, () => [
      at('v1', T1),
      at('v2', T2),
      at('v3', T1),
    ]);

    const ids = source.snapshot('f1').vehicles.map((v) => v.id);

    expect(ids).toEqual([`v1-${T2}`, `v2-${T2}`, `v3-${T1}`]);
  });
});
