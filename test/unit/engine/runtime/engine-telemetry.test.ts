import { describe, expect, it } from 'vitest';
import { engineSettings, fix, Rig, SECOND, T0 } from './support';

const CAR = { id: 'car-1', fleetId: 'ann-arbor' };
const BUS = { id: 'bus-1', fleetId: 'austin' };

describe('Engine telemetry', () => {
  it('publishes the engine values of a vehicle that reports them', () => {
    const rig = new Rig([CAR]);

    rig.feed(fix('car-1', T0, { speedKmh: 42.44, engineRpm: 1811.6, engineTemp: 90.44 }));

    expect(rig.on('telemetry')).toEqual([
      {
        type: 'telemetry_update',
        id: expect.any(String),
        seq: expect.any(Number),
        timestamp: '2024-01-01T00:00:00.000Z',
        channel: 'telemetry',
        payload: {
          vehicle_id: 'car-1',
          fleet_id: 'ann-arbor',
          sampled_at: '2024-01-01T00:00:00.000Z',
          telemetry: { engine_rpm: 1812, engine_temp: 90.4, odometer: 0, speed: 42.4 },
        },
      },
    ]);
  });

  it('sends only the engine values the vehicle reports, never a zero for the rest', () => {
    const rig = new Rig([CAR]);

    rig.feed(fix('car-1', T0, { engineLoad: 37.25 }));

    expect(rig.on('telemetry')[0]?.payload.telemetry).toEqual({
      engine_load: 37.3,
      odometer: 0,
    });
  });

  it('publishes no telemetry for a vehicle without engine values', () => {
    const rig = new Rig([BUS]);

    for (let i = 0; i < 30; i++) {
      rig.wall = T0 + i * 15 * SECOND;
      rig.feed(fix('bus-1', T0 + i * 15 * SECOND, { speedKmh: 30, tripId: 'T1' }));
    }

    expect([rig.on('telemetry'), rig.on('driver_status').length]).toEqual([[], 1]);
  });

  it('sends one telemetry message per telemetryIntervalMs of wall time', () => {
    const rig = new Rig([CAR], engineSettings({ telemetryIntervalMs: 10 * SECOND }));

    for (let i = 0; i <= 25; i++) {
      rig.wall = T0 + i * SECOND;
      rig.feed(fix('car-1', T0 + i * SECOND, { engineRpm: 1500 }));
    }

    expect(rig.on('telemetry').map((m) => m.payload.sampled_at)).toEqual([
      '2024-01-01T00:00:00.000Z',
      '2024-01-01T00:00:10.000Z',
      '2024-01-01T00:00:20.000Z',
    ]);
  });

  it('sends every fix as telemetry with an interval of 0', () => {
    const rig = new Rig([CAR], engineSettings({ telemetryIntervalMs: 0 }));

    for (let i = 0; i < 5; i++)
      rig.feed(fix('car-1', T0 + i * SECOND, { engineRpm: 900 }));

    expect(rig.on('telemetry')).toHaveLength(5);
  });
});
