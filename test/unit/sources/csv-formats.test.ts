import { describe, expect, it } from 'vitest';
import { csvReaderFor } from '../../../server/sources/import/csv-formats';

const AUSTIN =
  'vehicle_id,timestamp,speed,route_id,trip_id,latitude,longitude,trip_headsign';

function reader(header: string, wanted: Parameters<typeof csvReaderFor>[1] = 'auto') {
  const picked = csvReaderFor(header.split(','), wanted);
  if (typeof picked === 'string') throw new Error(picked);
  return picked;
}

describe('csvReaderFor', () => {
  it('recognises the CapMetrics day file and reads its units', () => {
    const { format, read } = reader(AUSTIN);
    const row =
      '2223,2016-12-16T08:00:00-06:00,4.4704,801,1669554,30.2,-97.7,North'.split(',');

    expect(format).toBe('austin');
    expect(read(row)).toEqual({
      fix: {
        vehicleId: 'bus-2223',
        deviceTime: Date.parse('2016-12-16T14:00:00Z'),
        lat: 30.2,
        lon: -97.7,
        speedKmh: 16.1,
        tripId: '1669554',
        routeId: '801',
      },
    });
  });

  it('reads the generic columns, leaving empty cells out', () => {
    const { format, read } = reader(
      'vehicle_id,timestamp,lat,lon,speed_kmh,fuel_level,trip_id,label',
    );
    const row = 'van-1,1773136800000,52.52,13.405,,55,t-9,Van one'.split(',');

    expect(format).toBe('generic');
    expect(read(row)).toEqual({
      fix: {
        vehicleId: 'van-1',
        deviceTime: 1_773_136_800_000,
        lat: 52.52,
        lon: 13.405,
        fuelLevel: 55,
        tripId: 't-9',
      },
      label: 'Van one',
    });
  });

  it.each([
    ['v,2026-03-10T10:00:00Z,52,52,13.4', 'unreadable_row'],
    ['v,2026-03-10T10:00:00Z,,13.4', 'invalid_coordinates'],
    ['v,2026-03-10T10:00:00,52.5,13.4', 'invalid_time'],
    [',2026-03-10T10:00:00Z,52.5,13.4', 'invalid_vehicle'],
  ])('refuses the generic row %s', (text, code) => {
    const { read } = reader('vehicle_id,timestamp,lat,lon');
    expect(read(text.split(','))).toMatchObject({ refused: { code } });
  });

  it('says which column a generic file lacks', () => {
    expect(csvReaderFor(['vehicle_id', 'timestamp', 'lat'], 'generic')).toBe(
      'the generic format needs column lon',
    );
  });

  it('refuses a header of another format than the one asked for', () => {
    expect(csvReaderFor(AUSTIN.split(','), 'ved')).toBe(
      'the header lacks a column of the ved format',
    );
  });
});
