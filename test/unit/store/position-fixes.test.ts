import { describe, expect, it } from 'vitest';
import { PositionFixes } from '../../../lib/fleet/position-fixes';
import {
  encodePositionBatch,
  type FleetSnapshot,
  type LocationUpdate,
} from '../../../lib/protocol';

const FLEET = 'f1';
const AT = 1_700_000_000_000;

function snapshot(index: string[], vehicles: LocationUpdate[] = []): FleetSnapshot {
  return {
    fleet_id: FLEET,
    fleet: { id: FLEET, name: 'F', timezone: 'UTC' },
    roster: [],
    timestamp: new Date(AT).toISOString(),
    seq: 0,
    vehicles,
    metrics: [],
    positions_index: index,
  };
}

function located(id: string, tripId?: string): LocationUpdate {
  return {
    type: 'location_update',
    id: `s-${id}`,
    timestamp: new Date(AT).toISOString(),
    channel: 'vehicle_locations',
    payload: {
      vehicle_id: id,
      fleet_id: FLEET,
      timestamp: new Date(AT).toISOString(),
      location: { latitude: 1, longitude: 2 },
      ...(tripId !== undefined && { trip_id: tripId }),
    },
  };
}

describe('PositionFixes', () => {
  it('names records by the snapshot index and keeps the snapshot trip', () => {
    const fixes = new PositionFixes(FLEET);
    fixes.snapshot(snapshot(['bus-1'], [located('bus-1', 't1')]));

    const read = fixes.read(
      encodePositionBatch({
        seq: 5,
        names: [],
        records: [{ index: 0, lat: 3, lon: 4, deviceTime: AT + 1, speed: 12 }],
      }),
    );

    expect(read).toEqual({
      ok: true,
      seq: 5,
      fixes: [
        {
          id: 'bus-1',
          fleetId: FLEET,
          lat: 3,
          lon: 4,
          deviceTime: AT + 1,
          speed: 12,
          tripId: 't1',
        },
      ],
    });
  });

  it('learns new names and trips from a batch', () => {
    const fixes = new PositionFixes(FLEET);
    fixes.snapshot(snapshot([]));
    const record = { index: 0, lat: 3, lon: 4, deviceTime: AT };

    fixes.read(
      encodePositionBatch({
        seq: 1,
        names: [[0, 'bus-9']],
        records: [{ ...record, cold: { tripId: 't2', routeId: 'r2' } }],
      }),
    );
    const read = fixes.read(
      encodePositionBatch({ seq: 2, names: [], records: [record] }),
    );

    expect(read.ok && read.fixes[0]).toMatchObject({
      id: 'bus-9',
      tripId: 't2',
      routeId: 'r2',
    });
  });

  it('skips a record whose index it was never told', () => {
    const fixes = new PositionFixes(FLEET);
    fixes.snapshot(snapshot([]));

    const read = fixes.read(
      encodePositionBatch({
        seq: 1,
        names: [],
        records: [{ index: 4, lat: 0, lon: 0, deviceTime: AT }],
      }),
    );

    expect(read).toEqual({ ok: true, seq: 1, fixes: [] });
  });

  it('answers a malformed buffer with malformed_batch', () => {
    const fixes = new PositionFixes(FLEET);

    const read = fixes.read(new Uint8Array([1, 2, 3]));

    expect(read).toMatchObject({ ok: false, error: { code: 'malformed_batch' } });
  });
});
