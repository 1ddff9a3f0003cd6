import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FIX_REJECT_CODES } from '../../../lib/protocol';
import { validateFix } from '../../../server/ingest/validate';
import { decodeFeed, encodeFeed, type Feed } from '../../../server/sources/gtfs-rt/feed';
import {
  csvReaderFor,
  GENERIC_COLUMNS,
} from '../../../server/sources/import/csv-formats';
import { BUDGET, RUNS } from './hostile';

const NOW = Date.UTC(2026, 2, 10, 10);

const cell = fc.oneof(
  fc.string({ maxLength: 12 }),
  fc.double().map(String),
  fc.integer().map(String),
  fc.constantFrom('', 'NaN', '1e309', '52,52', '-1', '360', '2026-03-10T09:00:00Z'),
);

const VALID_ROW = GENERIC_COLUMNS.map((c) => {
  const sample: Partial<Record<string, string>> = {
    vehicle_id: 'bus-1',
    timestamp: '2026-03-10T09:00:00Z',
    lat: '30.27',
    lon: '-97.74',
    speed_kmh: '42',
    heading: '359.5',
  };
  return sample[c] ?? '';
});

describe('imports and feeds under hostile input', BUDGET, () => {
  it('reads any generic CSV row as a sane fix or a known refusal', () => {
    const reader = csvReaderFor([...GENERIC_COLUMNS], 'generic');
    if (typeof reader === 'string') throw new Error(reader);
    const row = fc.oneof(
      fc.array(cell, { maxLength: GENERIC_COLUMNS.length + 2 }),
      fc.array(cell, { minLength: VALID_ROW.length, maxLength: VALID_ROW.length }),
      fc
        .tuple(fc.nat({ max: 5 }), cell)
        .map(([i, text]) => VALID_ROW.map((v, j) => (i === j ? text : v))),
    );
    fc.assert(
      fc.property(row, (fields) => {
        const candidate = reader.read(fields);
        if ('refused' in candidate) {
          expect(FIX_REJECT_CODES).toContain(candidate.refused.code);
          return;
        }
        const checked = validateFix(candidate.fix, NOW);
        if (!checked.ok) {
          expect(FIX_REJECT_CODES).toContain(checked.rejection.reason);
          return;
        }
        const { lat, lon, heading, speedKmh, deviceTime } = checked.fix;
        expect(Number.isFinite(deviceTime)).toBe(true);
        expect(Math.abs(lat) <= 90 && Math.abs(lon) <= 180).toBe(true);
        if (heading !== undefined) expect(heading >= 0 && heading < 360).toBe(true);
        if (speedKmh !== undefined) expect(speedKmh >= 0).toBe(true);
      }),
      RUNS,
    );
  });

  it('decodes any bytes as a feed or refuses them with an Error', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 256 }), (bytes) => {
        try {
          decodeFeed(bytes);
        } catch (error) {
          expect(error).toBeInstanceOf(Error);
        }
      }),
      RUNS,
    );
  });

  it('gives back every feed it encodes', () => {
    const text = fc.string({ minLength: 1, maxLength: 16 });
    const float = fc.float({ noDefaultInfinity: true, noNaN: true });
    const seconds = fc.integer({ min: 1, max: 2 ** 40 });
    const entity = fc.record({
      id: text,
      vehicle: fc.record({
        position: fc.record({ latitude: float, longitude: float, bearing: float }),
        timestamp: seconds,
        vehicle: fc.record({ id: text }),
      }),
    });
    const feed: fc.Arbitrary<Feed> = fc.record({
      header: fc.record({
        gtfs_realtime_version: fc.constant('2.0'),
        timestamp: seconds,
      }),
      // protobuf leaves an empty list out, so a feed here has one entity or more.
      entity: fc.array(entity, { minLength: 1, maxLength: 4 }),
    });
    fc.assert(
      fc.property(feed, (f) => {
        expect(decodeFeed(encodeFeed(f))).toEqual(f);
      }),
      RUNS,
    );
  });

  it('reads the valid row as accepted', () => {
    const reader = csvReaderFor([...GENERIC_COLUMNS], 'generic');
    if (typeof reader === 'string') throw new Error(reader);
    const candidate = reader.read(VALID_ROW);

    expect('fix' in candidate && validateFix(candidate.fix, NOW).ok).toBe(true);
  });
});
