import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  loadAustinDay,
  METROBUS,
  METRORAPID,
  splitAustinFleets,
} from '../../../server/sources/austin';

const HEADER =
  'vehicle_id,timestamp,speed,route_id,trip_id,latitude,longitude,trip_headsign';

const dir = mkdtempSync(path.join(tmpdir(), 'fleetlight-austin-'));
let files = 0;

/** Writes a day file from data rows and returns its path. */
function dayFile(...rows: string[]): string {
  const file = path.join(dir, `day-${++files}.csv`);
  writeFileSync(file, [HEADER, ...rows].join('\n') + '\n');
  return file;
}

function row(
  bus: string,
  time: string,
  opts: { speed?: string; route?: string; trip?: string; at?: string } = {},
): string {
  const { speed = '0.0', route = '1', trip = '100', at = '30.3,-97.7' } = opts;
  return `${bus},${time},${speed},${route},${trip},${at},${route}-Somewhere-SB`;
}

describe('loadAustinDay', () => {
  it('reads the timestamp with its own UTC offset', () => {
    const day = loadAustinDay(
      dayFile(
        row('8948', '2016-12-16T05:34:02-06:00'),
        row('8948', '2017-03-21T07:42:23-05:00'),
      ),
    );

    expect(day.fixes.map((f) => f.recordedTime)).toEqual([
      Date.UTC(2016, 11, 16, 11, 34, 2),
      Date.UTC(2017, 2, 21, 12, 42, 23),
    ]);
  });

  it('converts m/s to km/h rounded to 0.1', () => {
    const day = loadAustinDay(
      dayFile(row('8948', '2016-12-16T05:34:02-06:00', { speed: '5.36448' })),
    );

    expect(day.fixes[0]?.fix.speedKmh).toBe(19.3);
  });

  it('names the bus and keeps its trip and route', () => {
    const day = loadAustinDay(
      dayFile(row('5012', '2016-12-16T05:34:02-06:00', { route: '801', trip: '77' })),
    );

    expect(day.fixes[0]?.fix).toEqual({
      vehicleId: 'bus-5012',
      lat: 30.3,
      lon: -97.7,
      speedKmh: 0,
      tripId: '77',
      routeId: '801',
    });
  });

  it('leaves out the speed for the 255 mph sentinel and counts it', () => {
    const day = loadAustinDay(
      dayFile(row('8948', '2016-12-16T05:34:02-06:00', { speed: '113.9952' })),
    );

    expect(day.fixes[0]?.fix).not.toHaveProperty('speedKmh');
    expect(day.speedsOmitted).toEqual({ sentinel: 1, implausible: 0 });
  });

  it('leaves out a speed faster than a bus drives and counts it', () => {
    const day = loadAustinDay(
      dayFile(row('2305', '2016-11-26T11:52:35-06:00', { speed: '80.91424' })),
    );

    expect(day.fixes[0]?.fix).not.toHaveProperty('speedKmh');
    expect(day.speedsOmitted).toEqual({ sentinel: 0, implausible: 1 });
  });

  it('returns 0,0 and unreadable rows as rejected, with their row', () => {
    const day = loadAustinDay(
      dayFile(
        row('1', '2017-04-18T17:09:00-05:00'),
        row('2', '2017-04-18T17:09:00-05:00', { at: '0.0,0.0' }),
        row('3', '2017-04-18T17:09:00-05:00', { at: 'NaN,-97.7' }),
        row('4', '2017-04-18T17:09:00-05:00', { at: ',-97.7' }),
        row('5', '2017-04-18T17:09:00'),
        '6,2017-04-18T17:09:00-05:00,0.0',
      ),
    );

    expect(day.rows).toBe(6);
    expect(day.fixes).toHaveLength(1);
    expect(day.rejected).toEqual([
      { row: 2, reason: 'null-island' },
      { row: 3, reason: 'bad-coordinates' },
      { row: 4, reason: 'bad-coordinates' },
      { row: 5, reason: 'bad-timestamp' },
      { row: 6, reason: 'wrong-field-count' },
    ]);
  });

  it('keeps the first headsign of each trip', () => {
    const file = dayFile(
      '1,2016-12-16T05:34:02-06:00,0.0,1,100,30.3,-97.7,',
      '1,2016-12-16T05:36:02-06:00,0.0,1,100,30.3,-97.7,"1-North, SB"',
      '1,2016-12-16T05:38:02-06:00,0.0,1,100,30.3,-97.7,1-Other',
    );

    expect(loadAustinDay(file).headsigns).toEqual(new Map([['100', '1-North, SB']]));
  });

  it('throws when a column is missing', () => {
    const file = path.join(dir, 'no-speed.csv');
    writeFileSync(file, 'vehicle_id,timestamp\n1,2016-12-16T05:34:02-06:00\n');

    expect(() => loadAustinDay(file)).toThrow('missing column "speed"');
  });
});

describe('splitAustinFleets', () => {
  const t = (minute: number): string =>
    `2016-12-16T08:${String(minute).padStart(2, '0')}:00-06:00`;

  it('puts each bus in the fleet of the route family it served most', () => {
    const day = loadAustinDay(
      dayFile(
        row('5001', t(0), { route: '801' }),
        row('5001', t(1), { route: '803' }),
        row('5001', t(2), { route: '7' }),
        row('2200', t(0), { route: '7' }),
        row('2200', t(1), { route: '801' }),
      ),
    );

    const split = splitAustinFleets(day);

    expect(split.vehicles).toEqual([
      { id: 'bus-2200', label: 'Bus 2200', fleetId: METROBUS.id },
      { id: 'bus-5001', label: 'Bus 5001', fleetId: METRORAPID.id },
    ]);
    expect(split.metrorapid.fixes.map((f) => f.fix.routeId)).toEqual(['801', '803', '7']);
    expect(split.metrobus.fixes).toHaveLength(2);
  });

  it('gives a bus with as many rapid as other rows to MetroBus', () => {
    const day = loadAustinDay(
      dayFile(row('9', t(0), { route: '801' }), row('9', t(1), { route: '3' })),
    );

    expect(splitAustinFleets(day).vehicles[0]?.fleetId).toBe('austin-metrobus');
  });

  it('keeps the first of two rows for one bus and instant, and counts the other', () => {
    const day = loadAustinDay(
      dayFile(row('2252', t(0), { trip: '1' }), row('2252', t(0), { trip: '2' })),
    );

    const split = splitAustinFleets(day);

    expect(split.duplicates).toBe(1);
    expect(split.metrobus.fixes.map((f) => f.fix.tripId)).toEqual(['1']);
  });

  it('sorts each recording by time, then by vehicle id', () => {
    const day = loadAustinDay(dayFile(row('20', t(1)), row('30', t(0)), row('10', t(1))));

    const { metrobus } = splitAustinFleets(day);

    const order = metrobus.fixes.map((f) => f.fix.vehicleId);
    expect(order).toEqual(['bus-30', 'bus-10', 'bus-20']);
    expect(metrobus.start).toBe(Date.parse(t(0)));
    expect(metrobus.end).toBe(Date.parse(t(1)));
  });
});
