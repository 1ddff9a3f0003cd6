import { describe, expect, it } from 'vitest';
import { DEFAULT_MAINTENANCE } from '../../../../server/engine/maintenance/types';
import { engineSettings, fix, MINUTE, Rig, SECOND, T0 } from './support';

/** Replayed ten times faster than physics: 15 physical minutes are 90 wall s. */
const REPLAYED = { id: 'car-1', fleetId: 'ann-arbor', timeScale: 10 };
const LIVE = { id: 'car-1', fleetId: 'ann-arbor', timeScale: 1 };

function offline(rig: Rig) {
  return rig
    .on('maintenance_alerts')
    .filter((m) => m.payload.category === 'device_offline');
}

/** Advances the wall clock to `s` seconds after T0 and ticks. */
function tickAt(rig: Rig, s: number): void {
  rig.wall = T0 + s * SECOND;
  rig.engine.tick();
}

describe('Engine: silent devices', () => {
  it('stays quiet until silentAfterMs of physical time has passed', () => {
    const rig = new Rig([REPLAYED]);
    rig.feed(fix('car-1', T0));

    tickAt(rig, 89);

    expect(offline(rig)).toEqual([]);
  });

  it('raises device_offline once silentAfterMs of physical time has passed', () => {
    const rig = new Rig([REPLAYED]);
    rig.feed(fix('car-1', T0));

    tickAt(rig, 90);

    expect(offline(rig).map((m) => m.payload)).toEqual([
      {
        alert_id: expect.stringMatching(/^maint_/),
        severity: 'medium',
        category: 'device_offline',
        vehicle_id: 'car-1',
        fleet_id: 'ann-arbor',
        location: { latitude: 42.2808, longitude: -83.743 },
        event_data: { silent_minutes: 15 },
        recommended_actions: [
          'Check the tracking device and its power',
          'Contact the driver',
        ],
        auto_resolved: false,
      },
    ]);
  });

  it('raises device_offline once however long the silence lasts', () => {
    const rig = new Rig([REPLAYED]);
    rig.feed(fix('car-1', T0));

    for (let s = 90; s <= 3600; s += 1) tickAt(rig, s);

    expect(offline(rig)).toHaveLength(1);
  });

  it('measures the silence of a live device in wall time', () => {
    const rig = new Rig([LIVE]);
    rig.feed(fix('car-1', T0));

    tickAt(rig, 90);
    const early = offline(rig).length;
    tickAt(rig, DEFAULT_MAINTENANCE.silentAfterMs / SECOND);

    expect([early, offline(rig).length]).toEqual([0, 1]);
  });

  it('sends one auto-resolved message when the device reports again', () => {
    const rig = new Rig([REPLAYED]);
    rig.feed(fix('car-1', T0));
    tickAt(rig, 120);

    rig.wall = T0 + 121 * SECOND;
    rig.feed(fix('car-1', T0 + 121 * SECOND));
    rig.wall = T0 + 122 * SECOND;
    rig.feed(fix('car-1', T0 + 122 * SECOND));

    expect(
      offline(rig).map((m) => [m.payload.auto_resolved, m.payload.event_data]),
    ).toEqual([
      [false, { silent_minutes: 20 }],
      [true, { reason: 'reporting again' }],
    ]);
  });

  it('counts the offline alert in the period but not its resolution', () => {
    const rig = new Rig([REPLAYED]);
    rig.feed(fix('car-1', T0));
    tickAt(rig, 120);
    rig.feed(fix('car-1', T0 + 121 * SECOND));

    rig.engine.publishMetrics();

    expect(rig.on('fleet_metrics')[0]?.payload.alerts_summary).toEqual({
      critical: 0,
      high: 0,
      medium: 1,
      low: 0,
    });
  });

  it('stamps the offline alert with the device time the silence reached the limit', () => {
    const settings = engineSettings({
      maintenance: { ...DEFAULT_MAINTENANCE, silentAfterMs: 10 * MINUTE },
    });
    const rig = new Rig([REPLAYED], settings);
    rig.feed(fix('car-1', T0));

    tickAt(rig, 60);

    // 600 s of physical time after the first fix is 60 s of device time.
    expect(offline(rig).map((m) => m.timestamp)).toEqual(['2024-01-01T00:01:00.000Z']);
  });
});
