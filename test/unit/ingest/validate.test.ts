import { describe, expect, it } from 'vitest';
import type { Fix } from '../../../server/ingest/fix';
import { GPS_ERA_MS, validateFix, type Validated } from '../../../server/ingest/validate';

const NOW = Date.UTC(2026, 2, 10, 12, 0, 0);
const MINUTE = 60_000;
/** A JSON body carrying 1e400 parses to Infinity. */
const OVERFLOW = JSON.parse('1e400') as number;

function fix(over: Partial<Fix> = {}): Fix {
  return { vehicleId: 'bus-1', deviceTime: NOW - 1000, lat: 30.27, lon: -97.74, ...over };
}

/** Casts a value the type system forbids, as a broken source would send it. */
function bad(value: unknown): number {
  return value as unknown as number;
}

function rejection(result: Validated) {
  if (result.ok) throw new Error('expected a rejection, got an accepted fix');
  return result.rejection;
}

function accepted(result: Validated): Fix {
  if (!result.ok) throw new Error(`expected acceptance, got ${result.rejection.reason}`);
  return result.fix;
}

describe('validateFix', () => {
  it('accepts a plausible fix unchanged', () => {
    const input = fix({ speedKmh: 40 });

    expect(validateFix(input, NOW)).toEqual({ ok: true, fix: input });
  });

  describe('vehicle id', () => {
    it('rejects an empty vehicle id', () => {
      expect(rejection(validateFix(fix({ vehicleId: '' }), NOW))).toEqual({
        reason: 'invalid_vehicle',
        field: 'vehicleId',
        message: 'vehicleId must be a non-empty string',
      });
    });

    it('rejects a vehicle id that is not a string', () => {
      const input = fix({ vehicleId: 42 as unknown as string });

      expect(rejection(validateFix(input, NOW)).reason).toBe('invalid_vehicle');
    });
  });

  describe('device time', () => {
    it.each([
      ['NaN', NaN],
      ['null', null],
      ['undefined', undefined],
      ['a numeric string', '1773144000000'],
      ['Infinity', OVERFLOW],
    ])('rejects a device time that is %s', (_name, value) => {
      expect(rejection(validateFix(fix({ deviceTime: bad(value) }), NOW))).toEqual({
        reason: 'invalid_time',
        field: 'deviceTime',
        message: 'device time is missing or before 2000',
      });
    });

    it('rejects a device time just before 2000', () => {
      const input = fix({ deviceTime: Date.UTC(1999, 11, 31, 23, 59, 59) });

      expect(rejection(validateFix(input, NOW)).reason).toBe('invalid_time');
    });

    it('accepts a device time at the start of 2000', () => {
      const input = fix({ deviceTime: Date.UTC(2000, 0, 1) });

      expect(validateFix(input, NOW).ok).toBe(true);
    });

    it('moves a GPS week-rollover date 1024 weeks forward and says so (C05)', () => {
      // A receiver hit by the rollover reports 2006 for a 2026 fix.
      const taken = NOW - 30_000;
      const rolledBack = taken - GPS_ERA_MS;

      expect(new Date(rolledBack).getUTCFullYear()).toBe(2006);
      expect(validateFix(fix({ deviceTime: rolledBack }), NOW)).toEqual({
        ok: true,
        fix: fix({ deviceTime: taken }),
        corrections: ['week_rollover'],
      });
    });

    it('moves a date two GPS eras back, from before 2000, forward', () => {
      const taken = NOW - 3 * 86_400_000;
      const result = validateFix(fix({ deviceTime: taken - 2 * GPS_ERA_MS }), NOW);

      expect(accepted(result).deviceTime).toBe(taken);
    });

    it('leaves an old date alone when a rollover would not land it in the last week', () => {
      const old = NOW - GPS_ERA_MS - 30 * 86_400_000;

      expect(validateFix(fix({ deviceTime: old }), NOW)).toEqual({
        ok: true,
        fix: fix({ deviceTime: old }),
      });
    });

    it('does not move a rollover date past the future tolerance', () => {
      const input = fix({ deviceTime: NOW + 10 * MINUTE - GPS_ERA_MS });

      expect(accepted(validateFix(input, NOW)).deviceTime).toBe(input.deviceTime);
    });

    it('rejects a device time more than five minutes ahead of the server', () => {
      const input = fix({ deviceTime: NOW + 5 * MINUTE + 1000 });

      expect(rejection(validateFix(input, NOW))).toEqual({
        reason: 'future_time',
        field: 'deviceTime',
        message: 'device time is 301 s in the future',
      });
    });

    it('accepts a device time four minutes ahead of the server', () => {
      expect(validateFix(fix({ deviceTime: NOW + 4 * MINUTE }), NOW).ok).toBe(true);
    });

    it('accepts a device time exactly at the tolerance', () => {
      expect(validateFix(fix({ deviceTime: NOW + 5 * MINUTE }), NOW).ok).toBe(true);
    });

    it('applies the future tolerance of the policy it is given', () => {
      const input = fix({ deviceTime: NOW + 2000 });

      const result = validateFix(input, NOW, { futureToleranceMs: 1000 });

      expect(rejection(result).message).toBe('device time is 2 s in the future');
    });
  });

  describe('coordinates', () => {
    it.each([
      ['NaN latitude', { lat: NaN }],
      ['null latitude', { lat: bad(null) }],
      ['empty-string latitude', { lat: bad('') }],
      ['comma-decimal string latitude', { lat: bad('52,52') }],
      ['numeric string latitude', { lat: bad('52.52') }],
      ['infinite latitude', { lat: OVERFLOW }],
      ['missing longitude', { lon: bad(undefined) }],
      ['negative infinite longitude', { lon: -OVERFLOW }],
    ])('rejects a %s', (_name, over) => {
      expect(rejection(validateFix(fix(over), NOW))).toEqual({
        reason: 'invalid_coordinates',
        field: 'lat/lon',
        message: 'latitude and longitude must be finite',
      });
    });

    it('rejects a swapped lat/lon pair instead of swapping or clamping it', () => {
      const input = fix({ lat: -122.99, lon: 49.22 });

      expect(validateFix(input, NOW)).toEqual({
        ok: false,
        rejection: {
          reason: 'coordinates_out_of_range',
          field: 'lat/lon',
          message:
            'latitude -122.99 or longitude 49.22 is out of range; ' +
            'they look swapped, send latitude as lat',
        },
      });
    });

    it('rejects a longitude beyond 180', () => {
      const input = fix({ lat: 10, lon: 180.5 });

      expect(rejection(validateFix(input, NOW)).reason).toBe('coordinates_out_of_range');
    });

    it('accepts the poles and the antimeridian', () => {
      expect(validateFix(fix({ lat: 90, lon: 180 }), NOW).ok).toBe(true);
      expect(validateFix(fix({ lat: -90, lon: -180 }), NOW).ok).toBe(true);
    });

    it('rejects 0,0 as a report without a GPS fix', () => {
      expect(rejection(validateFix(fix({ lat: 0, lon: 0 }), NOW))).toEqual({
        reason: 'no_fix',
        field: 'lat/lon',
        message: 'position 0,0 means the device had no GPS fix',
      });
    });

    it('accepts a point on the equator away from 0,0', () => {
      expect(validateFix(fix({ lat: 0, lon: 32.5 }), NOW).ok).toBe(true);
    });
  });

  describe('optional values', () => {
    it.each([
      ['speedKmh', 1000.1, 'speedKmh must be a number in [0, 1000]'],
      ['speedKmh', -1, 'speedKmh must be a number in [0, 1000]'],
      ['accuracyM', -0.5, 'accuracyM must be a number in [0, 1000000]'],
      ['altitudeM', -1001, 'altitudeM must be a number in [-1000, 20000]'],
      ['engineRpm', 20_001, 'engineRpm must be a number in [0, 20000]'],
      ['engineLoad', 101, 'engineLoad must be a number in [0, 100]'],
      ['engineTemp', -61, 'engineTemp must be a number in [-60, 200]'],
      ['fuelLevel', 100.5, 'fuelLevel must be a number in [0, 100]'],
      ['mafGs', -0.1, 'mafGs must be a number in [0, 1000]'],
      ['mafGs', 1000.5, 'mafGs must be a number in [0, 1000]'],
    ] as const)('rejects %s = %s out of range', (field, value, message) => {
      expect(rejection(validateFix(fix({ [field]: value }), NOW))).toEqual({
        reason: 'invalid_value',
        field,
        message,
      });
    });

    it.each([
      ['NaN', NaN],
      ['null', null],
      ['a string', '40'],
      ['Infinity', OVERFLOW],
    ])('rejects a speed that is %s', (_name, value) => {
      const result = validateFix(fix({ speedKmh: bad(value) }), NOW);

      expect(rejection(result)).toEqual({
        reason: 'invalid_value',
        field: 'speedKmh',
        message: 'speedKmh must be a number in [0, 1000]',
      });
    });

    it('drops a reported speed above the policy maximum and keeps the place', () => {
      expect(validateFix(fix({ speedKmh: 450 }), NOW)).toEqual({
        ok: true,
        fix: fix(),
        corrections: ['speed_dropped'],
      });
    });

    it('keeps a speed at the policy maximum', () => {
      const policy = { futureToleranceMs: 0, maxSpeedKmh: 120 };

      expect(accepted(validateFix(fix({ speedKmh: 120 }), NOW, policy)).speedKmh).toBe(
        120,
      );
    });

    it('accepts optional values at the ends of their ranges', () => {
      const input = fix({
        speedKmh: 0,
        altitudeM: -1000,
        engineTemp: 200,
        fuelLevel: 100,
        mafGs: 1000,
      });

      expect(validateFix(input, NOW).ok).toBe(true);
    });
  });

  describe('heading', () => {
    it.each([
      [-90, 270],
      [360, 0],
      [725, 5],
      [0, 0],
      [359.5, 359.5],
    ])('normalises a heading of %s to %s', (heading, expected) => {
      expect(accepted(validateFix(fix({ heading }), NOW)).heading).toBe(expected);
    });

    it('leaves the input fix untouched when it normalises the heading', () => {
      const input = fix({ heading: -90 });

      validateFix(input, NOW);

      expect(input.heading).toBe(-90);
    });

    it.each([
      ['NaN', NaN],
      ['null', null],
      ['Infinity', OVERFLOW],
      ['a string', '90'],
    ])('drops a heading that is %s and keeps the fix', (_name, value) => {
      expect(validateFix(fix({ heading: bad(value) }), NOW)).toEqual({
        ok: true,
        fix: fix(),
        corrections: ['heading_dropped'],
      });
    });

    it('accepts a fix with no heading and adds none', () => {
      expect(accepted(validateFix(fix(), NOW))).not.toHaveProperty('heading');
    });
  });
});
