import { describe, expect, it } from 'vitest';
import { step, type TrackerState } from '../../../../server/engine/transit/tracker';
import { makeTripLookup } from '../../../../server/engine/transit/trip-lookup';
import type {
  PlannedTrip,
  TransitEvent,
  TransitFix,
  WaypointReached,
} from '../../../../server/engine/transit/types';
import { at, fixAt, straightTrip } from './fixtures';

/** Four stops a kilometre apart, three minutes apart from 08:00. */
function trip(id = 'T1'): PlannedTrip {
  return straightTrip(id, [
    { km: 0, time: '8:00:00' },
    { km: 1, time: '8:03:00' },
    { km: 2, time: '8:06:00' },
    { km: 3, time: '8:09:00' },
  ]);
}

function run(fixes: TransitFix[], trips: PlannedTrip[] = [trip()]): TransitEvent[][] {
  const context = { lookup: makeTripLookup(trips) };
  let state: TrackerState = {};
  return fixes.map((fix) => {
    const result = step(state, fix, context);
    state = result.state;
    return result.events;
  });
}

function waypoints(events: TransitEvent[]): WaypointReached[] {
  return events.filter((e): e is WaypointReached => e.kind === 'waypoint_reached');
}

const kinds = (events: TransitEvent[]): string[] => events.map((e) => e.kind);

describe('the transit tracker', () => {
  const onTime = [
    fixAt('7:58:00', 0),
    fixAt('8:00:00', 0),
    fixAt('8:04:00', 1.5),
    fixAt('8:08:00', 2.5),
    fixAt('8:10:00', 3),
  ];

  it('starts the trip on its first fix', () => {
    expect(run(onTime)[0]).toEqual([
      {
        kind: 'trip_started',
        tripId: 'T1',
        serviceDate: '2016-12-16',
        at: at('7:58:00'),
      },
    ]);
  });

  it('interpolates two stops passed between sparse fixes by distance', () => {
    const passed = waypoints(run(onTime)[2] ?? []);

    expect(passed.map((w) => [w.stopId, w.arrivalAt])).toEqual([
      ['s0', at('8:00:08')],
      ['s1', at('8:02:32')],
    ]);
  });

  it('fills a waypoint as the spec shows it', () => {
    const [, second] = waypoints(run(onTime)[2] ?? []);

    expect(second).toMatchObject({
      stopIndex: 1,
      name: 'Stop 1',
      plannedAt: at('8:03:00'),
      delayMinutes: 0,
      activityType: 'stop',
      completedStops: 2,
      remainingStops: 2,
    });
    expect(second?.updatedEta).toBeGreaterThan(at('8:08:00'));
  });

  it('reports progress after each fix on a confirmed trip', () => {
    const progress = (run(onTime)[3] ?? []).find((e) => e.kind === 'route_progress');

    expect(progress).toMatchObject({
      distanceCompletedKm: 2.5,
      distanceRemainingKm: 0.5,
      completionPercentage: 83.3,
      completedStops: 3,
      remainingStops: 1,
      nextStopId: 's3',
      nextStopName: 'Stop 3',
      delayMinutes: 1,
    });
  });

  it('completes the trip at the last stop with distance and duration', () => {
    const last = run(onTime)[4] ?? [];

    expect(kinds(last)).toEqual(['waypoint_reached', 'trip_completed']);
    expect(last[1]).toEqual({
      kind: 'trip_completed',
      tripId: 'T1',
      at: at('8:09:48'),
      startedAt: at('7:58:00'),
      distanceKm: 3,
      durationS: 708,
      reason: 'last_stop',
      dataError: false,
    });
  });

  it('drops a fix older than the last one and changes nothing', () => {
    const context = { lookup: makeTripLookup([trip()]) };
    let state: TrackerState = {};
    for (const fix of onTime.slice(0, 3)) state = step(state, fix, context).state;

    const late = step(state, fixAt('8:03:00', 1), context);

    expect(late.events).toEqual([]);
    expect(late.state).toBe(state);
  });

  it('emits each waypoint once and in order when late fixes arrive', () => {
    const fixes = [
      fixAt('7:58:00', 0),
      fixAt('8:04:00', 1.5),
      fixAt('8:03:00', 1),
      fixAt('8:05:00', 1.45),
      fixAt('8:08:00', 2.5),
      fixAt('8:07:00', 2.3),
      fixAt('8:10:00', 3),
    ];

    const indices = run(fixes).flatMap((events) =>
      waypoints(events).map((w) => w.stopIndex),
    );

    expect(indices).toEqual([0, 1, 2, 3]);
  });

  it('completes the trip when the feed moves the bus to another one', () => {
    const events = run(
      [fixAt('8:00:00', 0), fixAt('8:04:00', 1.5), fixAt('8:05:00', 1.6, 'T2')],
      [trip('T1'), trip('T2')],
    );

    expect(kinds(events[2] ?? [])).toEqual([
      'trip_completed',
      'trip_started',
      'route_progress',
    ]);
    expect(events[2]?.[0]).toMatchObject({
      tripId: 'T1',
      reason: 'trip_changed',
      at: at('8:04:00'),
      distanceKm: 1.5,
    });
  });

  it('keeps a trip running 18 minutes late', () => {
    const late = [fixAt('8:18:00', 0), fixAt('8:22:00', 1.5)];

    expect(waypoints(run(late).flat()).map((w) => w.delayMinutes)).toEqual([18, 18]);
  });

  it('flags a trip run two hours off its timetable and emits no waypoint', () => {
    const offset = [
      fixAt('10:00:00', 0),
      fixAt('10:04:00', 1.5),
      fixAt('10:08:00', 2.5),
      fixAt('10:10:00', 3),
    ];

    const events = run(offset).flat();

    expect(kinds(events)).toEqual(['trip_started', 'trip_data_error', 'trip_completed']);
    expect(events[1]).toEqual({
      kind: 'trip_data_error',
      tripId: 'T1',
      serviceDate: '2016-12-16',
      at: at('10:09:48'),
      reason: 'off_schedule',
      closestMinutes: 120,
    });
    expect(events[2]).toMatchObject({ dataError: true });
  });

  it('flags a trip whose bus stays off the route after it is due', () => {
    const elsewhere = { lat: 30.3, lon: -97.7 };
    const fixes = [
      { t: at('8:30:00'), ...elsewhere, tripId: 'T1' },
      { t: at('8:34:00'), ...elsewhere, tripId: 'T1' },
      fixAt('8:35:00', 0, 'T2'),
    ];

    const events = run(fixes, [trip('T1'), trip('T2')]).flat();

    expect(events.find((e) => e.kind === 'trip_data_error')).toMatchObject({
      tripId: 'T1',
      reason: 'off_route',
    });
  });
});
