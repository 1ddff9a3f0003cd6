import { describe, expect, it } from 'vitest';
import type { ObservedRun } from '../../../../server/engine/transit/day-tracking';
import {
  DEFAULT_ETA_PARAMS,
  predictArrivals,
  type EtaParams,
  type VehicleOnTrip,
} from '../../../../server/engine/transit/eta';
import { learnSegments } from '../../../../server/engine/transit/eta-fit';
import { at, straightTrip } from './fixtures';

const trip = straightTrip('T1', [
  { km: 0, time: '8:00:00' },
  { km: 1, time: '8:03:00' },
  { km: 2, time: '8:06:00' },
  { km: 3, time: '8:09:00' },
]);

/** Halfway between stops 1 and 2, two minutes late there and at stop 1. */
const late: VehicleOnTrip = {
  t: at('8:06:30'),
  alongKm: 1.5,
  nextStop: 2,
  lastPassed: { index: 1, at: at('8:05:00') },
};

const noDecay: EtaParams = { ...DEFAULT_ETA_PARAMS, decayMin: Infinity };

describe('predictArrivals', () => {
  it('predicts the timetable for a bus on time', () => {
    const onTime = { t: at('8:04:30'), alongKm: 1.5, nextStop: 2 };

    expect(predictArrivals(trip, onTime)).toEqual([at('8:06:00'), at('8:09:00')]);
  });

  it('carries the delay unchanged when it does not fade', () => {
    expect(predictArrivals(trip, late, noDecay)).toEqual([at('8:08:00'), at('8:11:00')]);
  });

  it('lets the delay fade with time ahead in the timetable', () => {
    const fade = (aheadMin: number): number =>
      Math.round(120_000 * Math.exp(-aheadMin / 45));

    expect(predictArrivals(trip, late, { ...noDecay, decayMin: 45 })).toEqual([
      at('8:06:00') + fade(1.5),
      at('8:09:00') + fade(4.5),
    ]);
  });

  it('adds half the learned gain of the stretches still ahead', () => {
    const segments = new Map([
      ['s1>s2', 60_000],
      ['s2>s3', 60_000],
    ]);

    expect(predictArrivals(trip, late, { ...noDecay, segments })).toEqual([
      at('8:08:15'),
      at('8:11:45'),
    ]);
  });

  it('predicts no sooner than the bus can drive there', () => {
    const early = { t: at('8:00:30'), alongKm: 1.5, nextStop: 2 };
    const slow = { ...noDecay, topSpeedKmh: 10 };

    expect(predictArrivals(trip, early, slow)[0]).toBe(at('8:03:30'));
  });
});

describe('learnSegments', () => {
  it('averages the gain per stretch, shrunk by two traversals', () => {
    const run = (late: number): ObservedRun => ({
      vehicleId: 'bus-1',
      plan: trip,
      arrivals: new Map([
        [0, at('8:00:00')],
        [1, at('8:03:00') + late],
      ]),
      dataError: false,
      moments: [],
    });

    const segments = learnSegments([run(60_000), run(120_000)]);

    expect(segments).toEqual(new Map([['s0>s1', 45_000]]));
  });
});
