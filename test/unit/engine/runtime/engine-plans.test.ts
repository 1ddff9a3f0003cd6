import { describe, expect, it } from 'vitest';
import {
  buildRestPlan,
  type PlanStopInput,
} from '../../../../server/engine/transit/plan-registry';
import { fix, HOME, MINUTE, offset, Rig, SECOND, T0 } from './support';

const CAR = { id: 'car-1', fleetId: 'cars' };

/**
 * Four stops 600 m apart on the car's road north of HOME, each planned
 * a minute after the last from `first` (device clock).
 */
function stops(first: number, spacingMs = MINUTE): PlanStopInput[] {
  return [0, 1, 2, 3].map((k) => ({
    stopId: `s${k}`,
    name: `Stop ${k}`,
    ...offset(HOME, 600 * k),
    plannedAt: first + k * spacingMs,
  }));
}

/**
 * The car drives north at 36 km/h: a fix every 10 s from 200 m south of
 * the first stop until past the last, `tripId` on each when given.
 */
function drive(rig: Rig, more: { tripId?: string } = {}): void {
  for (let i = -2; i <= 20; i++) {
    const t = T0 + i * 10 * SECOND;
    rig.wall = t;
    rig.feed(fix('car-1', t, { ...offset(HOME, 100 * i), speedKmh: 36, ...more }));
  }
}

function waypoints(rig: Rig) {
  return rig
    .on('trip_events')
    .filter((m) => m.payload.event === 'waypoint_reached')
    .map((m) => m.payload);
}

describe('Engine: trips planned through REST', () => {
  it('follows the plan of a vehicle whose fleet has no timetable', () => {
    const rig = new Rig([CAR]);
    // Planned two minutes before the car gets there.
    rig.engine.plans.set('car-1', buildRestPlan('delivery-7', stops(T0 - 2 * MINUTE)));

    drive(rig);

    expect(
      waypoints(rig).map((p) => [
        p.trip_id,
        p.waypoint?.waypoint_id,
        p.waypoint?.delay_minutes,
      ]),
    ).toEqual([
      ['delivery-7', 's0', 2],
      ['delivery-7', 's1', 2],
      ['delivery-7', 's2', 2],
      ['delivery-7', 's3', 2],
    ]);
  });

  it('fills each waypoint with its planned time, activity and what remains', () => {
    const rig = new Rig([CAR]);
    const planned = stops(T0 - 2 * MINUTE).map((s, i) =>
      i === 1 ? { ...s, activityType: 'pickup' as const } : s,
    );
    rig.engine.plans.set('car-1', buildRestPlan('delivery-7', planned));

    drive(rig);

    const second = waypoints(rig)[1];
    expect(second?.waypoint).toMatchObject({
      name: 'Stop 1',
      planned_time: new Date(T0 - MINUTE).toISOString(),
      activity_type: 'pickup',
    });
    expect(second?.route_update).toMatchObject({
      completed_stops: 2,
      remaining_stops: 2,
    });
    expect(waypoints(rig)[0]?.waypoint?.activity_type).toBe('stop');
  });

  it('sends route progress with an ETA for the last stop while on the plan', () => {
    const rig = new Rig([CAR]);
    rig.engine.plans.set('car-1', buildRestPlan('delivery-7', stops(T0)));

    drive(rig);

    const progress = rig.on('route_progress').map((m) => m.payload);
    expect(progress.length).toBeGreaterThan(5);
    expect(progress[0]).toMatchObject({
      vehicle_id: 'car-1',
      trip_id: 'delivery-7',
      next_stop: 's1',
      eta: expect.any(String),
    });
  });

  it('completes the planned trip at its last stop', () => {
    const rig = new Rig([CAR]);
    rig.engine.plans.set('car-1', buildRestPlan('delivery-7', stops(T0)));

    drive(rig);

    const events = rig.on('trip_events').map((m) => m.payload.event);
    expect([events[0], events.at(-1)]).toEqual(['trip_started', 'trip_completed']);
  });

  it("counts fixes carrying the feed's own trip numbers as the planned trip", () => {
    const rig = new Rig([CAR]);
    rig.engine.plans.set('car-1', buildRestPlan('delivery-7', stops(T0)));

    drive(rig, { tripId: 'logger-trip-12' });

    expect(waypoints(rig).map((p) => p.trip_id)).toEqual([
      'delivery-7',
      'delivery-7',
      'delivery-7',
      'delivery-7',
    ]);
  });

  it("leaves a vehicle alone outside its plan's active span", () => {
    const rig = new Rig([CAR]);
    // The span opens 30 minutes before the first stop, at T0 + 4 min:
    // after the drive's last fix, at T0 + 200 s.
    rig.engine.plans.set('car-1', buildRestPlan('later', stops(T0 + 34 * MINUTE)));

    drive(rig);

    const later = rig.on('trip_events').filter((m) => m.payload.trip_id === 'later');
    expect([later, rig.on('route_progress')]).toEqual([[], []]);
  });

  it("reads a replayed vehicle's plan on its device clock", () => {
    const rig = new Rig([{ ...CAR, timeScale: 10 }]);
    // A device second is ten physical ones: stops 6 device s apart are a
    // physical minute apart, and 12 device s early is 2 minutes early.
    rig.engine.plans.set(
      'car-1',
      buildRestPlan('d', stops(T0 - 12 * SECOND, 6 * SECOND)),
    );

    for (let i = -2; i <= 20; i++) {
      const t = T0 + i * SECOND;
      rig.wall = t;
      rig.feed(fix('car-1', t, { ...offset(HOME, 100 * i), speedKmh: 36 }));
    }

    const [first] = waypoints(rig);
    expect(waypoints(rig).map((p) => p.waypoint?.delay_minutes)).toEqual([2, 2, 2, 2]);
    expect(first?.waypoint?.planned_time).toBe(new Date(T0 - 12 * SECOND).toISOString());
  });

  it('follows a new plan in place of the one it replaces', () => {
    const rig = new Rig([CAR]);
    rig.engine.plans.set('car-1', buildRestPlan('first', stops(T0)));
    for (let i = -2; i <= 7; i++) {
      rig.wall = T0 + i * 10 * SECOND;
      rig.feed(fix('car-1', rig.wall, { ...offset(HOME, 100 * i), speedKmh: 36 }));
    }

    rig.engine.plans.set('car-1', buildRestPlan('second', stops(T0).slice(1)));
    for (let i = 8; i <= 20; i++) {
      rig.wall = T0 + i * 10 * SECOND;
      rig.feed(fix('car-1', rig.wall, { ...offset(HOME, 100 * i), speedKmh: 36 }));
    }

    const events = rig.on('trip_events').map((m) => [m.payload.event, m.payload.trip_id]);
    expect(events).toContainEqual(['trip_completed', 'first']);
    expect(waypoints(rig).map((p) => [p.trip_id, p.waypoint?.waypoint_id])).toEqual([
      ['first', 's0'],
      ['first', 's1'],
      ['second', 's2'],
      ['second', 's3'],
    ]);
  });
});

describe('Engine: route_progress cadence', () => {
  it('sends one vehicle at most one route_progress per 30 physical seconds', () => {
    const rig = new Rig([CAR]);
    rig.engine.plans.set(
      'car-1',
      buildRestPlan('delivery-7', stops(T0 + MINUTE, 2 * MINUTE)),
    );

    // A fix every 10 s for 220 s: 23 fixes on the plan.
    drive(rig);

    const times = rig.on('route_progress').map((m) => Date.parse(m.timestamp));
    expect(times.length).toBeGreaterThan(3);
    const gaps = times.slice(1).map((t, i) => t - (times[i] ?? t));
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(30 * SECOND);
  });
});
