import { describe, expect, it } from 'vitest';
import {
  buildRestPlan,
  PLAN_LEAD_MS,
  PLAN_TAIL_MS,
  PlanRegistry,
  type PlanStopInput,
} from '../../../../server/engine/transit/plan-registry';
import { latAt, LON } from './fixtures';

const T0 = Date.UTC(2024, 0, 1, 8);
const MINUTE = 60_000;

/** Stops at the given km north on the fixture meridian, a minute apart. */
function stops(...kms: number[]): PlanStopInput[] {
  return kms.map((km, i) => ({
    stopId: `s${i}`,
    name: `Stop ${i}`,
    lat: latAt(km),
    lon: LON,
    plannedAt: T0 + i * MINUTE,
  }));
}

describe('buildRestPlan', () => {
  it('draws the path through the stops in the order given', () => {
    const trip = buildRestPlan('d1', stops(0, 2, 1));

    expect(trip.stops.map((s) => s.alongKm)).toEqual([
      0,
      expect.closeTo(2, 6),
      expect.closeTo(3, 6),
    ]);
    expect(trip.path.lengthKm).toBeCloseTo(3, 6);
  });

  it('keeps planned times, marks no timepoints and dates the trip in UTC', () => {
    const trip = buildRestPlan('d1', stops(0, 1));

    expect(trip.serviceDate).toBe('2024-01-01');
    expect(trip.stops.map((s) => [s.plannedAt, s.timepoint])).toEqual([
      [T0, false],
      [T0 + MINUTE, false],
    ]);
  });

  it('carries an activity type only where one was given', () => {
    const [first, second] = stops(0, 1) as [PlanStopInput, PlanStopInput];
    const trip = buildRestPlan('d1', [first, { ...second, activityType: 'delivery' }]);

    expect(trip.stops[0]).not.toHaveProperty('activityType');
    expect(trip.stops[1]?.activityType).toBe('delivery');
  });
});

describe('PlanRegistry', () => {
  const trip = buildRestPlan('d1', stops(0, 1, 2));
  const last = T0 + 2 * MINUTE;

  it('answers a vehicle its plan with the span it is active in', () => {
    const registry = new PlanRegistry();
    registry.set('car-1', trip);

    expect(registry.get('car-1', T0)).toMatchObject({
      vehicleId: 'car-1',
      trip,
      activeFrom: T0 - PLAN_LEAD_MS,
      activeUntil: last + PLAN_TAIL_MS,
    });
    expect(registry.get('car-2', T0)).toBeUndefined();
  });

  it('replaces a plan with a new revision', () => {
    const registry = new PlanRegistry();
    const first = registry.set('car-1', trip);

    const second = registry.set('car-1', buildRestPlan('d2', stops(0, 1)));

    expect(registry.get('car-1', T0)?.trip.tripId).toBe('d2');
    expect(second.revision).toBeGreaterThan(first.revision);
  });

  it('is active from 30 minutes before the first stop to 60 after the last', () => {
    const registry = new PlanRegistry();
    registry.set('car-1', trip);
    const activeAt = (t: number) => registry.activeAt('car-1', t) !== undefined;

    expect([
      activeAt(T0 - 30 * MINUTE - 1),
      activeAt(T0 - 30 * MINUTE),
      activeAt(last + 60 * MINUTE),
      activeAt(last + 60 * MINUTE + 1),
    ]).toEqual([false, true, true, false]);
  });

  it('still answers a plan whose span has not opened yet', () => {
    const registry = new PlanRegistry();
    registry.set('car-1', trip);

    expect(registry.get('car-1', T0 - 5 * 60 * MINUTE)?.trip.tripId).toBe('d1');
  });

  it('forgets a plan once its span has closed', () => {
    const registry = new PlanRegistry();
    registry.set('car-1', trip);

    registry.get('car-1', last + PLAN_TAIL_MS + 1);

    expect(registry.get('car-1', T0)).toBeUndefined();
  });
});
