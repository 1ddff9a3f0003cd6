import { describe, expect, it } from 'vitest';
import { readOsmandJson, readOsmandParams } from '../../../server/sources/osmand';

const NOW = Date.UTC(2026, 2, 10, 10, 0, 0);

function read(query: string) {
  return readOsmandParams(new URLSearchParams(query), NOW);
}

describe('readOsmandParams', () => {
  it("reads the documentation's request, speed in knots", () => {
    // https://www.traccar.org/osmand/ (values filled in).
    expect(
      read(
        'id=123456&lat=30.267153&lon=-97.743057&timestamp=1773136800&hdop=1.2&altitude=160&speed=10',
      ),
    ).toEqual({
      deviceId: '123456',
      fix: {
        deviceTime: 1_773_136_800_000,
        lat: 30.267153,
        lon: -97.743057,
        altitudeM: 160,
        speedKmh: 18.52,
      },
    });
  });

  it.each([
    ['1773136800', 1_773_136_800_000],
    ['1773136800123', 1_773_136_800_123],
    ['2026-03-10T10:00:00Z', NOW],
    ['2026-03-10T05:00:00-05:00', NOW],
  ])('reads the timestamp %s', (stamp, ms) => {
    const r = read(`id=1&lat=1&lon=2&timestamp=${encodeURIComponent(stamp)}`);
    expect('fix' in r && r.fix.deviceTime).toBe(ms);
  });

  it('takes the server time when the request names none', () => {
    const r = read('deviceid=7&location=30.2,-97.7&bearing=12&accuracy=5');
    expect(r).toEqual({
      deviceId: '7',
      fix: { deviceTime: NOW, lat: 30.2, lon: -97.7, heading: 12, accuracyM: 5 },
    });
  });

  it('leaves out -1, the phones\' "unknown"', () => {
    const r = read('id=1&lat=1&lon=2&speed=-1&bearing=-1&accuracy=-1');
    expect(r).toEqual({ deviceId: '1', fix: { deviceTime: NOW, lat: 1, lon: 2 } });
  });

  it.each([
    ['lat=1&lon=2', 'invalid_vehicle', 'send the device id as id'],
    ['id=1&lon=2', 'invalid_coordinates', 'send lat and lon (or location=lat,lon)'],
    [
      'id=1&lat=52,52&lon=2',
      'invalid_coordinates',
      'lat and lon must be decimal degrees with a point',
    ],
    [
      'id=1&lat=NaN&lon=2',
      'invalid_coordinates',
      'lat and lon must be decimal degrees with a point',
    ],
    [
      'id=1&lat=1e400&lon=2',
      'invalid_coordinates',
      'lat and lon must be decimal degrees with a point',
    ],
    ['id=1&lat=1&lon=2&speed=fast', 'invalid_value', 'speed must be a decimal number'],
    [
      'id=1&lat=1&lon=2&timestamp=2026-03-10%2010:00:00',
      'invalid_time',
      'timestamp: time "2026-03-10 10:00:00" has no zone; add Z or ±hh:mm',
    ],
  ])('refuses %s', (query, code, message) => {
    expect(read(query)).toMatchObject({ refused: { code, message } });
  });

  it('refuses a fix the device marks invalid for good, so it is acknowledged', () => {
    expect(read('id=1&lat=1&lon=2&valid=false')).toEqual({
      deviceId: '1',
      refused: { code: 'no_fix', message: 'valid=false: the device had no GPS fix' },
      final: true,
    });
  });
});

describe('readOsmandJson', () => {
  const body = (location: unknown) => ({ device_id: '48241179', location });
  const coords = {
    latitude: 30.2,
    longitude: -97.7,
    speed: 10,
    heading: 90,
    accuracy: 3,
    altitude: 150,
  };

  it('reads the Traccar Client 9 body, speed in m/s', () => {
    const reads = readOsmandJson(
      body({ timestamp: '2026-03-10T09:59:00.000Z', coords }),
      NOW,
    );
    expect(reads).toEqual([
      {
        deviceId: '48241179',
        fix: {
          deviceTime: NOW - 60_000,
          lat: 30.2,
          lon: -97.7,
          speedKmh: 36,
          heading: 90,
          accuracyM: 3,
          altitudeM: 150,
        },
      },
    ]);
  });

  it('reads a list of locations, each on its own', () => {
    const one = { timestamp: '2026-03-10T09:59:00Z', coords };
    const reads = readOsmandJson(body([one, { coords: { latitude: 'x' } }]), NOW);

    expect(reads.map((r) => ('fix' in r ? 'fix' : r.refused.code))).toEqual([
      'fix',
      'invalid_coordinates',
    ]);
  });

  it('refuses a body without a device id', () => {
    expect(readOsmandJson({ location: { coords } }, NOW)).toMatchObject([
      { deviceId: undefined, refused: { code: 'invalid_vehicle' } },
    ]);
  });
});
