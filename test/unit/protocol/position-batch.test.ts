import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  decodePositionBatch,
  encodePositionBatch,
  type PositionBatch,
  type PositionRecord,
} from '../../../lib/protocol/position-batch';
import { BUDGET, RUNS } from '../fuzz/hostile';

const AT = Date.parse('2026-03-02T10:00:00.000Z');

function record(over: Partial<PositionRecord> = {}): PositionRecord {
  return { index: 0, lat: 30.2672, lon: -97.7431, deviceTime: AT, ...over };
}

function roundTrip(batch: PositionBatch): PositionBatch {
  const decoded = decodePositionBatch(encodePositionBatch(batch));
  if (!decoded.ok) throw new Error(decoded.error.message);
  return decoded.batch;
}

describe('position batch codec', () => {
  it('carries seq, new names and every field of a full record', () => {
    const full = record({
      index: 3,
      speed: 52.4,
      heading: 271.5,
      telemetry: {
        odometer: 12_345.67,
        fuel_level: 63.2,
        engine_rpm: 1850,
        engine_temp: -4.5,
        engine_load: 41.3,
      },
      cold: { tripId: 'trip-9', routeId: 'route-ü' },
    });

    const batch = roundTrip({ seq: 42, names: [[3, 'bus-3']], records: [full] });

    expect(batch).toEqual({ seq: 42, names: [[3, 'bus-3']], records: [full] });
  });

  it('leaves out what a record does not carry', () => {
    const batch = roundTrip({ seq: 1, names: [], records: [record()] });

    expect(batch.records).toEqual([record()]);
  });

  it('tells "no trip any more" from "trip unchanged"', () => {
    const ended = record({ cold: {} });

    const batch = roundTrip({
      seq: 1,
      names: [],
      records: [ended, record({ index: 1 })],
    });

    expect(batch.records[0]?.cold).toEqual({});
    expect(batch.records[1]).not.toHaveProperty('cold');
  });

  it('spends at most 24 bytes on a moving vehicle with an odometer', () => {
    const records = Array.from({ length: 100 }, (_, i) =>
      record({ index: i, speed: 40, heading: 90, telemetry: { odometer: 1000.5 } }),
    );

    const bytes = encodePositionBatch({ seq: 1, names: [], records });

    expect(bytes.length / records.length).toBeLessThanOrEqual(24);
  });

  it('keeps device times before the epoch and far apart', () => {
    const records = [record({ deviceTime: -5000 }), record({ index: 1, deviceTime: AT })];

    expect(roundTrip({ seq: 0, names: [], records }).records).toEqual(records);
  });

  it('refuses to encode a record without a finite position', () => {
    const bad = { seq: 1, names: [], records: [record({ lat: Number.NaN })] };

    expect(() => encodePositionBatch(bad)).toThrow(
      'Record 0 needs a finite latitude and longitude',
    );
  });

  it('rejects a buffer of another version', () => {
    const bytes = encodePositionBatch({ seq: 1, names: [], records: [] });
    bytes[0] = 9;

    expect(decodePositionBatch(bytes)).toEqual({
      ok: false,
      error: {
        code: 'malformed_batch',
        message: 'Not a positions batch: version 9, expected 1',
      },
    });
  });

  it('rejects a truncated batch', () => {
    const bytes = encodePositionBatch({ seq: 1, names: [], records: [record()] });

    const decoded = decodePositionBatch(bytes.subarray(0, bytes.length - 1));

    expect(decoded.ok).toBe(false);
  });

  it('rejects bytes after the last record', () => {
    const bytes = encodePositionBatch({ seq: 1, names: [], records: [record()] });
    const longer = new Uint8Array(bytes.length + 1);
    longer.set(bytes);

    expect(decodePositionBatch(longer)).toEqual({
      ok: false,
      error: {
        code: 'malformed_batch',
        message: 'Not a positions batch: 1 bytes after the last record',
      },
    });
  });

  it('rejects a record count that cannot fit before reading records', () => {
    const bytes = encodePositionBatch({ seq: 1, names: [], records: [] });
    const lying = new Uint8Array(bytes.length + 3);
    lying.set(bytes);
    lying.set([0xff, 0xff, 0x03], bytes.length - 1);

    const decoded = decodePositionBatch(lying);

    expect(decoded).toMatchObject({ ok: false, error: { code: 'malformed_batch' } });
    expect(decoded.ok || decoded.error.message).toContain('records cannot fit');
  });

  it('reads a Node Buffer that is a slice of a larger pool', () => {
    const bytes = encodePositionBatch({ seq: 7, names: [[0, 'a']], records: [record()] });
    const pool = Buffer.alloc(bytes.length + 10);
    pool.set(bytes, 5);

    const decoded = decodePositionBatch(pool.subarray(5, 5 + bytes.length));

    expect(decoded.ok && decoded.batch.seq).toBe(7);
  });
});

const text = fc.string({ maxLength: 40 });
const optional = <T>(a: fc.Arbitrary<T>) => fc.option(a, { nil: undefined });

/** Records whose numbers sit on the grid the wire keeps, so they come back equal. */
const onGrid: fc.Arbitrary<PositionRecord> = fc
  .record({
    index: fc.nat({ max: 1_000_000 }),
    lat: fc.integer({ min: -900_000_000, max: 900_000_000 }),
    lon: fc.integer({ min: -1_800_000_000, max: 1_800_000_000 }),
    deviceTime: fc.integer({ min: 0, max: 4_102_444_800_000 }),
    speed: optional(fc.integer({ min: 0, max: 0xffff })),
    heading: optional(fc.integer({ min: 0, max: 3599 })),
    odometer: optional(fc.integer({ min: 0, max: 0xffffffff })),
    fuel: optional(fc.integer({ min: 0, max: 1000 })),
    rpm: optional(fc.integer({ min: 0, max: 0xffff })),
    temp: optional(fc.integer({ min: -0x8000, max: 0x7fff })),
    load: optional(fc.integer({ min: 0, max: 1000 })),
    cold: optional(fc.record({ tripId: optional(text), routeId: optional(text) })),
  })
  .map((g) => {
    const r: PositionRecord = {
      index: g.index,
      lat: g.lat / 1e7,
      lon: g.lon / 1e7,
      deviceTime: g.deviceTime,
    };
    if (g.speed !== undefined) r.speed = g.speed / 10;
    if (g.heading !== undefined) r.heading = g.heading / 10;
    const t = {
      ...(g.odometer !== undefined && { odometer: g.odometer / 100 }),
      ...(g.fuel !== undefined && { fuel_level: g.fuel / 10 }),
      ...(g.rpm !== undefined && { engine_rpm: g.rpm }),
      ...(g.temp !== undefined && { engine_temp: g.temp / 10 }),
      ...(g.load !== undefined && { engine_load: g.load / 10 }),
    };
    if (Object.keys(t).length > 0) r.telemetry = t;
    if (g.cold) {
      const { tripId, routeId } = g.cold;
      r.cold = {
        ...(tripId !== undefined && { tripId }),
        ...(routeId !== undefined && { routeId }),
      };
    }
    return r;
  });

const batches: fc.Arbitrary<PositionBatch> = fc.record({
  seq: fc.nat({ max: Number.MAX_SAFE_INTEGER }),
  names: fc.array(fc.tuple(fc.nat({ max: 1_000_000 }), text), { maxLength: 5 }),
  records: fc.array(onGrid, { maxLength: 20 }),
});

describe('position batch codec, properties', () => {
  it(
    'gives back every batch on the grid exactly',
    () => {
      fc.assert(
        fc.property(batches, (b) => {
          expect(roundTrip(b)).toEqual(b);
        }),
        RUNS,
      );
    },
    BUDGET.timeout,
  );

  it(
    'keeps any position within 1e-7° and any time to the millisecond',
    () => {
      const anyRecord = fc.record({
        index: fc.nat(),
        lat: fc.double({ min: -90, max: 90, noNaN: true }),
        lon: fc.double({ min: -180, max: 180, noNaN: true }),
        deviceTime: fc.integer({ min: 0, max: 4_102_444_800_000 }),
      });
      fc.assert(
        fc.property(fc.array(anyRecord, { maxLength: 10 }), (records) => {
          const back = roundTrip({ seq: 1, names: [], records }).records;
          back.forEach((r, i) => {
            const sent = records[i]!;
            expect(Math.abs(r.lat - sent.lat)).toBeLessThanOrEqual(0.6e-7);
            expect(Math.abs(r.lon - sent.lon)).toBeLessThanOrEqual(0.6e-7);
            expect(r.deviceTime).toBe(sent.deviceTime);
          });
        }),
        RUNS,
      );
    },
    BUDGET.timeout,
  );

  it(
    'answers any byte string with a batch or malformed_batch, never a throw',
    () => {
      const mutated = fc
        .tuple(
          batches,
          fc.array(fc.tuple(fc.nat(), fc.nat({ max: 255 })), { maxLength: 4 }),
        )
        .map(([b, edits]) => {
          const bytes = encodePositionBatch(b).slice();
          for (const [at, value] of edits) {
            if (bytes.length > 0) bytes[at % bytes.length] = value;
          }
          return bytes;
        });
      fc.assert(
        fc.property(fc.oneof(fc.uint8Array({ maxLength: 200 }), mutated), (bytes) => {
          const decoded = decodePositionBatch(bytes);
          if (!decoded.ok) expect(decoded.error.code).toBe('malformed_batch');
        }),
        RUNS,
      );
    },
    BUDGET.timeout,
  );
});
