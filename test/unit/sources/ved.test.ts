import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  loadVed,
  TRIP_GAP_MS,
  tripStartUtc,
  wallToUtc,
} from '../../../server/sources/ved';

const HEADER =
  'DayNum,VehId,Trip,Timestamp(ms),Latitude[deg],Longitude[deg],' +
  'Vehicle Speed[km/h],MAF[g/sec],Engine RPM[RPM],Absolute Load[%],OAT[DegC]';

const dir = mkdtempSync(path.join(tmpdir(), 'fleetlight-ved-'));
let files = 0;

function tripsFile(...rows: string[]): string {
  const file = path.join(dir, `trips-${++files}.csv`);
  writeFileSync(file, [HEADER, ...rows].join('\r\n') + '\r\n');
  return file;
}

const HOUR = 3_600_000;

describe('tripStartUtc', () => {
  it('reads DayNum 1 as midnight 2017-11-01 in Ann Arbor, 04:00 UTC', () => {
    expect(tripStartUtc(1)).toBe(Date.UTC(2017, 10, 1, 4));
  });

  it('uses UTC-4 before and UTC-5 after the 2017-11-05 02:00 DST change', () => {
    expect(tripStartUtc(5 + 1.5 / 24)).toBe(Date.UTC(2017, 10, 5, 5, 30));
    expect(tripStartUtc(5 + 3 / 24)).toBe(Date.UTC(2017, 10, 5, 8));
  });

  it('places the repeated 01:30 of 2017-11-05 at its first occurrence', () => {
    const wall = Date.UTC(2017, 10, 5, 1, 30);

    expect(wallToUtc(wall, 'America/Detroit')).toBe(Date.UTC(2017, 10, 5, 5, 30));
  });

  it('converts wall time in a zone with no DST and in UTC', () => {
    const wall = Date.UTC(2017, 10, 5, 12);

    expect(wallToUtc(wall, 'Asia/Kolkata')).toBe(wall - 5.5 * HOUR);
    expect(wallToUtc(wall, 'UTC')).toBe(wall);
  });
});

describe('loadVed on small files', () => {
  it('adds Timestamp(ms) to the trip start and names car and trip', () => {
    const file = tripsFile('1.5,267,657,2100,42.28,-83.74,31,9.1,1500,40.5,NaN');

    const { recording } = loadVed(file);

    expect(recording.fixes).toEqual([
      {
        recordedTime: Date.UTC(2017, 10, 1, 16) + 2100,
        fix: {
          vehicleId: 'car-267',
          tripId: 'ved-267-657',
          lat: 42.28,
          lon: -83.74,
          speedKmh: 31,
          mafGs: 9.1,
          engineRpm: 1500,
          engineLoad: 40.5,
        },
      },
    ]);
  });

  it('leaves out NaN and empty readings instead of writing 0', () => {
    const file = tripsFile('1.5,267,657,0,42.28,-83.74,NaN,NaN,,NaN,NaN');

    const fix = loadVed(file).recording.fixes[0]?.fix;

    expect(fix).not.toHaveProperty('speedKmh');
    expect(fix).not.toHaveProperty('engineRpm');
    expect(fix).not.toHaveProperty('engineLoad');
    expect(fix).not.toHaveProperty('mafGs');
  });

  it('rejects rows without a usable position or time, with their row', () => {
    const file = tripsFile(
      '1.5,267,657,0,0,0,10,1,1,1,NaN',
      '1.5,267,657,2100,NaN,-83.74,10,1,1,1,NaN',
      'NaN,267,657,4200,42.28,-83.74,10,1,1,1,NaN',
      '1.5,x,657,6300,42.28,-83.74,10,1,1,1,NaN',
      '1.5,267,657,8400,42.28',
    );

    expect(loadVed(file).rejected).toEqual([
      { row: 1, reason: 'null-island' },
      { row: 2, reason: 'bad-coordinates' },
      { row: 3, reason: 'bad-time' },
      { row: 4, reason: 'bad-trip-key' },
      { row: 5, reason: 'wrong-field-count' },
    ]);
  });

  it('lays each car\u2019s trips back to back from the earliest trip start', () => {
    const file = tripsFile(
      '3,2,20,0,42.1,-83.1,1,1,1,1,NaN',
      '3,2,20,5000,42.1,-83.1,1,1,1,1,NaN',
      '2,2,10,0,42.2,-83.2,1,1,1,1,NaN',
      '2,2,10,7000,42.2,-83.2,1,1,1,1,NaN',
      '1.5,1,5,1000,42.3,-83.3,1,1,1,1,NaN',
    );

    const ved = loadVed(file);

    const t0 = Date.UTC(2017, 10, 1, 16) + 1000;
    const times = (car: string): number[] =>
      ved.recording.fixes
        .filter((f) => f.fix.vehicleId === car)
        .map((f) => f.recordedTime);
    expect(times('car-1')).toEqual([t0]);
    expect(times('car-2')).toEqual([
      t0,
      t0 + 7000,
      t0 + 7000 + TRIP_GAP_MS,
      t0 + 7000 + TRIP_GAP_MS + 5000,
    ]);
    expect(ved.trips.map((t) => t.tripId)).toEqual(['ved-1-5', 'ved-2-10', 'ved-2-20']);
  });

  it('labels a car without static data by its number only', () => {
    const file = tripsFile('1.5,267,657,0,42.28,-83.74,31,9.1,1500,40.5,NaN');

    expect(loadVed(file).vehicles).toEqual([
      { id: 'car-267', label: 'Car 267', fleetId: 'ann-arbor' },
    ]);
  });
});
