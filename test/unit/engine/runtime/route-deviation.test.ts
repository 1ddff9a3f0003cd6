import { describe, expect, it } from 'vitest';
import { buildRestPlan } from '../../../../server/engine/transit/plan-registry';
import { fix, HOME, MINUTE, offset, Rig, SECOND, T0 } from './support';

const CAR = { id: 'car-1', fleetId: 'cars' };

/** A straight plan due north of HOME: four stops 600 m and a minute apart. */
function plan(rig: Rig, first = T0) {
  const stops = [0, 1, 2, 3].map((k) => ({
    stopId: `s${k}`,
    name: `Stop ${k}`,
    ...offset(HOME, 600 * k),
    plannedAt: first + k * MINUTE,
  }));
  rig.engine.plans.set('car-1', buildRestPlan('delivery-7', stops));
}

/**
 * The car drives north at 36 km/h on schedule, a fix every 10 s; fix i
 * lies `east(i)` metres east of the planned path.
 */
function drive(rig: Rig, east: (i: number) => number, fixes = 18): void {
  for (let i = 0; i < fixes; i++) {
    const t = T0 + i * 10 * SECOND;
    rig.wall = t;
    rig.feed(fix('car-1', t, { ...offset(HOME, 100 * i, east(i)), speedKmh: 36 }));
  }
}

function deviations(rig: Rig) {
  return rig
    .on('alerts')
    .map((m) => m.payload)
    .filter((p) => p.category === 'route_deviation');
}

describe('Engine: route deviation', () => {
  it('reports nothing for GPS scatter around the path', () => {
    const rig = new Rig([CAR]);
    plan(rig);

    drive(rig, (i) => (i % 2 === 0 ? 40 : -60));

    expect(deviations(rig)).toEqual([]);
  });

  it('reports a sustained detour once, then its end', () => {
    const rig = new Rig([CAR]);
    plan(rig);

    drive(rig, (i) => (i >= 5 && i <= 12 ? 400 : 0));

    const found = deviations(rig);
    expect(found.map((p) => [p.severity, p.auto_resolved])).toEqual([
      ['medium', false],
      ['medium', true],
    ]);
    expect(found[0]?.event_data).toEqual({
      distance_m: 400,
      duration_s: 60,
      threshold_m: 250,
      planned_trip_id: 'delivery-7',
    });
    expect(found[0]?.recommended_actions.length).toBeGreaterThan(0);
    expect(found[1]?.event_data).toMatchObject({
      distance_m: 400,
      duration_s: 80,
      reason: 'back on route',
    });
  });

  it('stamps the alert when the detour has lasted a minute', () => {
    const rig = new Rig([CAR]);
    plan(rig);

    drive(rig, (i) => (i >= 5 && i <= 12 ? 400 : 0));

    const times = rig
      .on('alerts')
      .filter((m) => m.payload.category === 'route_deviation')
      .map((m) => m.timestamp);
    expect(times).toEqual([
      new Date(T0 + 110 * SECOND).toISOString(),
      new Date(T0 + 130 * SECOND).toISOString(),
    ]);
  });

  it('keeps the episode open between the two thresholds', () => {
    const rig = new Rig([CAR]);
    plan(rig);

    drive(rig, (i) => (i >= 5 && i <= 11 ? 400 : i >= 12 ? 200 : 0));

    expect(deviations(rig).map((p) => p.auto_resolved)).toEqual([false]);
  });

  it('reports nothing for an excursion shorter than a minute', () => {
    const rig = new Rig([CAR]);
    plan(rig);

    drive(rig, (i) => (i >= 5 && i <= 9 ? 400 : 0));

    expect(deviations(rig)).toEqual([]);
  });

  it('judges no trip the timetable contradicts', () => {
    const rig = new Rig([CAR]);
    // 25 minutes behind the plan on every fix: never confirmed.
    plan(rig, T0 + 25 * MINUTE);

    drive(rig, (i) => (i >= 5 && i <= 12 ? 400 : 0));

    expect(deviations(rig)).toEqual([]);
  });
});
