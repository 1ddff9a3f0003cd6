import { describe, expect, it } from 'vitest';
import { fix, Rig, SECOND, T0 } from './support';

/** Replayed ten times faster than physics. */
const REPLAYED = { id: 'car-1', fleetId: 'ann-arbor', timeScale: 10 };

describe('Engine: times on the wire', () => {
  it('stamps a driver status change with the device time of its fix', () => {
    const rig = new Rig([REPLAYED]);
    rig.feed(fix('car-1', T0, { speedKmh: 0 }));

    // 90 device seconds are 15 physical minutes: a break.
    rig.feed(fix('car-1', T0 + 90 * SECOND, { speedKmh: 0 }));

    expect(
      rig
        .on('driver_status')
        .map((m) => [m.timestamp, m.payload.status, m.payload.since]),
    ).toEqual([
      ['2024-01-01T00:00:00.000Z', 'idle', '2024-01-01T00:00:00.000Z'],
      ['2024-01-01T00:01:30.000Z', 'on_break', '2024-01-01T00:01:30.000Z'],
    ]);
  });

  it('publishes a driver status with the status it replaces', () => {
    const rig = new Rig([REPLAYED]);
    rig.feed(fix('car-1', T0, { speedKmh: 0 }));

    rig.feed(fix('car-1', T0 + SECOND, { speedKmh: 40 }));

    expect(rig.on('driver_status')[1]?.payload).toEqual({
      vehicle_id: 'car-1',
      fleet_id: 'ann-arbor',
      status: 'driving',
      previous_status: 'idle',
      source: 'motion',
      since: '2024-01-01T00:00:01.000Z',
    });
  });

  it('reports a completed trip with device times and its physical duration', () => {
    const rig = new Rig([REPLAYED]);
    rig.feed(fix('car-1', T0, { tripId: 'A', routeId: '7' }));
    rig.feed(fix('car-1', T0 + 60 * SECOND, { tripId: 'A', routeId: '7' }));

    rig.feed(fix('car-1', T0 + 61 * SECOND, { tripId: 'B', routeId: '7' }));

    const [completed] = rig.on('trip_events');
    expect([completed?.timestamp, completed?.payload]).toEqual([
      '2024-01-01T00:01:00.000Z',
      {
        event: 'trip_completed',
        trip_id: 'A',
        vehicle_id: 'car-1',
        fleet_id: 'ann-arbor',
        route_id: '7',
        summary: {
          distance_km: 0,
          duration_s: 600,
          started_at: '2024-01-01T00:00:00.000Z',
        },
      },
    ]);
  });

  it('stamps a started trip with the device time of its first fix', () => {
    const rig = new Rig([REPLAYED]);
    rig.feed(fix('car-1', T0, { tripId: 'A' }));

    rig.feed(fix('car-1', T0 + 61 * SECOND, { tripId: 'B' }));

    const started = rig
      .on('trip_events')
      .filter((m) => m.payload.event === 'trip_started');
    expect(started.map((m) => [m.timestamp, m.payload.trip_id])).toEqual([
      ['2024-01-01T00:01:01.000Z', 'B'],
    ]);
  });
});
