import { describe, expect, it } from 'vitest';
import { engineSettings, fix, MINUTE, Rig, SECOND, T0 } from './support';

const A1 = { id: 'car-1', fleetId: 'fleet-a' };
const A2 = { id: 'car-2', fleetId: 'fleet-a' };
const B1 = { id: 'bus-1', fleetId: 'fleet-b' };

/** Fixes of one vehicle a second apart, one per trip id. */
function ride(rig: Rig, vehicleId: string, tripIds: string[]): void {
  tripIds.forEach((tripId, i) => {
    rig.feed(fix(vehicleId, T0 + i * SECOND, { tripId, speedKmh: 30 }));
  });
}

describe('Engine: fleet metrics', () => {
  it('publishes one fleet_metrics message per fleet', () => {
    const rig = new Rig([A1, B1]);

    rig.engine.publishMetrics();

    expect(
      rig
        .on('fleet_metrics')
        .map((m) => m.payload.fleet_id)
        .sort(),
    ).toEqual(['fleet-a', 'fleet-b']);
  });

  it('counts the trips started in the period of each fleet', () => {
    const rig = new Rig([A1, A2, B1]);
    ride(rig, 'car-1', ['t1', 't2', 't3']);
    ride(rig, 'car-2', ['t9', 't9', 't10']);
    ride(rig, 'bus-1', ['r1', 'r1']);

    rig.engine.publishMetrics();

    const trips = rig
      .on('fleet_metrics')
      .map((m) => [m.payload.fleet_id, m.payload.metrics.total_trips]);
    expect(trips).toEqual([
      ['fleet-a', 3],
      ['fleet-b', 0],
    ]);
  });

  it('counts the vehicles heard from within activeWithinMs as active', () => {
    const rig = new Rig([A1, A2], engineSettings({ activeWithinMs: 5 * MINUTE }));
    rig.feed(fix('car-1', T0));
    rig.wall = T0 + 2 * MINUTE;
    rig.feed(fix('car-2', T0 + 2 * MINUTE));

    rig.engine.publishMetrics(T0 + 6 * MINUTE);

    expect(rig.on('fleet_metrics')[0]?.payload.metrics.active_vehicles).toBe(1);
  });

  it('counts the alerts of the period by severity', () => {
    const rig = new Rig([A1]);
    rig.feed(fix('car-1', T0, { fuelLevel: 8 }));

    rig.engine.publishMetrics();

    expect(rig.on('fleet_metrics')[0]?.payload).toMatchObject({
      alerts_summary: { critical: 0, high: 0, medium: 1, low: 0 },
      metrics: { safety_score: 97 },
    });
  });

  it('starts the next period empty where the last one ended', () => {
    const rig = new Rig([A1]);
    ride(rig, 'car-1', ['t1', 't2']);
    rig.engine.publishMetrics(T0 + MINUTE);

    rig.engine.publishMetrics(T0 + 2 * MINUTE);

    const [, second] = rig.on('fleet_metrics');
    expect([second?.payload.period, second?.payload.metrics.total_trips]).toEqual([
      { start: '2024-01-01T00:01:00.000Z', end: '2024-01-01T00:02:00.000Z' },
      0,
    ]);
  });

  it('stamps fleet_metrics with the end of its period', () => {
    const rig = new Rig([A1]);

    rig.engine.publishMetrics(T0 + MINUTE);

    expect(rig.on('fleet_metrics')[0]?.timestamp).toBe('2024-01-01T00:01:00.000Z');
  });

  it('publishes from tick once a metrics interval has passed, not before', () => {
    const rig = new Rig([A1], engineSettings({ metricsIntervalMs: MINUTE }));

    rig.wall = T0 + MINUTE - 1;
    rig.engine.tick();
    const early = rig.on('fleet_metrics').length;
    rig.wall = T0 + MINUTE;
    rig.engine.tick();

    expect([early, rig.on('fleet_metrics').length]).toEqual([0, 1]);
  });

  it('keeps each published period in the fleet history', () => {
    const rig = new Rig([A1, B1]);

    rig.engine.publishMetrics(T0 + MINUTE);
    rig.engine.publishMetrics(T0 + 2 * MINUTE);

    const ends = rig.engine.metricsHistory('fleet-a').map((m) => m.period.end);
    expect(ends).toEqual(['2024-01-01T00:01:00.000Z', '2024-01-01T00:02:00.000Z']);
  });
});
