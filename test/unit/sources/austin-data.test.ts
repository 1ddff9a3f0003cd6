import { describe, expect, it } from 'vitest';
import {
  busiestWindow,
  loadAustinDay,
  splitAustinFleets,
  type AustinDay,
} from '../../../server/sources/austin';
import { makeRecording } from '../../../server/sources/recording';
import { sharedData } from './shared-data';

function day(date: string): AustinDay {
  return loadAustinDay(
    sharedData('capmetro-austin-avl', 'vehicle_positions', `${date}.csv`),
  );
}

describe('the recorded CapMetro day 2016-12-16', () => {
  const recorded = day('2016-12-16');
  const split = splitAustinFleets(recorded);
  const all = [...split.metrorapid.fixes, ...split.metrobus.fixes];

  it('loads all 34,501 rows and rejects none', () => {
    expect(recorded.rows).toBe(34_501);
    expect(recorded.fixes).toHaveLength(34_501);
    expect(recorded.rejected).toEqual([]);
  });

  it('drops the one repeated report of bus 2252 at 08:30:15', () => {
    expect(split.duplicates).toBe(1);
    expect(all).toHaveLength(34_500);
  });

  it('splits 279 buses into 32 MetroRapid and 247 MetroBus', () => {
    const rapid = split.vehicles.filter((v) => v.fleetId === 'austin-metrorapid');

    expect(split.vehicles).toHaveLength(279);
    expect(rapid).toHaveLength(32);
  });

  it('has only 5000-series buses in MetroRapid and none in MetroBus', () => {
    const isRapidId = (id: string): boolean => /^bus-5\d{3}$/.test(id);

    for (const v of split.vehicles) {
      expect(isRapidId(v.id)).toBe(v.fleetId === 'austin-metrorapid');
    }
  });

  it('gives every fix finite coordinates in Austin and a speed up to 130 km/h', () => {
    const inAustin = (lat: number, lon: number): boolean =>
      lat > 30.1 && lat < 30.7 && lon > -98 && lon < -97.5;

    const odd = all.filter(
      ({ fix }) => !inAustin(fix.lat, fix.lon) || (fix.speedKmh ?? 0) > 130,
    );

    expect(odd).toEqual([]);
  });

  it('leaves out the two speed spikes of 133.6 and 167.4 km/h', () => {
    expect(recorded.speedsOmitted).toEqual({ sentinel: 0, implausible: 2 });
  });

  it('is busiest just after 08:00 local with 238 buses in five minutes', () => {
    const everyone = makeRecording('austin', [...all]);

    const busy = busiestWindow(everyone, 5 * 60_000);

    expect(busy).toEqual({
      start: Date.parse('2016-12-16T08:00:38-06:00'),
      vehicles: 238,
    });
  });
});

describe('the recorded CapMetro days of 2017', () => {
  it('rejects the 3 rows at 0,0 of 2017-03-21 and omits 5 unknown speeds', () => {
    const recorded = day('2017-03-21');

    expect(recorded.rejected.map((r) => r.reason)).toEqual(Array(3).fill('null-island'));
    expect(recorded.speedsOmitted).toEqual({ sentinel: 5, implausible: 0 });
    expect(recorded.fixes).toHaveLength(45_386 - 3);
  });

  it('rejects the 22 rows at 0,0 of 2017-04-18 and omits 25 unknown speeds', () => {
    const recorded = day('2017-04-18');

    expect(recorded.rejected).toHaveLength(22);
    expect(recorded.speedsOmitted).toEqual({ sentinel: 25, implausible: 1 });
  });
});
