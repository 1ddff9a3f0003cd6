import { describe, expect, it } from 'vitest';
import {
  buildPlannedTrip,
  buildPlannedTrips,
  type StopInfo,
} from '../../../../server/engine/transit/planned-trips';
import { makeTripLookup } from '../../../../server/engine/transit/trip-lookup';
import { latAt, LON } from './fixtures';

const stops = new Map<string, StopInfo>([
  ['a', { name: 'Alpha', lat: latAt(0), lon: LON }],
  ['b', { name: 'Bravo', lat: latAt(2), lon: LON }],
  ['c', { name: 'Charlie', lat: latAt(5), lon: LON }],
]);

// 23:50:00, 24:05:30, 24:20:00 in seconds, given out of order.
const lateNight = [
  { arrival: 87_600, stopId: 'c' },
  { arrival: 85_800, stopId: 'a' },
  { arrival: 86_730, stopId: 'b' },
];

describe('buildPlannedTrip', () => {
  const trip = buildPlannedTrip('N1', '2016-12-15', lateNight, stops);

  it('orders the stops by arrival with names and distance along', () => {
    expect(
      trip?.stops.map((s) => [s.stopId, s.name, Number(s.alongKm.toFixed(9))]),
    ).toEqual([
      ['a', 'Alpha', 0],
      ['b', 'Bravo', 2],
      ['c', 'Charlie', 5],
    ]);
  });

  it('runs times past 24:00 into the next calendar day', () => {
    expect(trip?.stops.map((s) => new Date(s.plannedAt).toISOString())).toEqual([
      '2016-12-16T05:50:00.000Z',
      '2016-12-16T06:05:30.000Z',
      '2016-12-16T06:20:00.000Z',
    ]);
  });

  it('marks whole-minute stops as timepoints', () => {
    expect(trip?.stops.map((s) => s.timepoint)).toEqual([true, false, true]);
  });

  it('leaves out stops the stop list does not know', () => {
    const times = [...lateNight, { arrival: 88_000, stopId: 'zz' }];

    expect(buildPlannedTrip('N1', '2016-12-15', times, stops)?.stops).toHaveLength(3);
  });

  it('gives no trip for fewer than two known stops', () => {
    expect(buildPlannedTrip('N1', '2016-12-15', lateNight.slice(0, 1), stops)).toBe(
      undefined,
    );
  });
});

describe('makeTripLookup', () => {
  const schedule = new Map([['N1', lateNight]]);
  const lookup = makeTripLookup(
    buildPlannedTrips(schedule, stops, ['2016-12-15', '2016-12-16']),
  );

  it('picks the previous service date for a fix after midnight', () => {
    const fix = Date.parse('2016-12-16T00:10:00-06:00');

    expect(lookup('N1', fix)?.serviceDate).toBe('2016-12-15');
  });

  it('picks the same service date for a fix in the evening', () => {
    const fix = Date.parse('2016-12-16T23:45:00-06:00');

    expect(lookup('N1', fix)?.serviceDate).toBe('2016-12-16');
  });

  it('finds nothing for a trip id the timetable lacks', () => {
    expect(lookup('X9', Date.parse('2016-12-16T08:00:00-06:00'))).toBe(undefined);
  });
});
