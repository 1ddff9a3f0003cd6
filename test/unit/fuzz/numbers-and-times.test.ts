import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decimal } from '../../../server/sources/decimal';
import {
  readEpochMs,
  readIsoTime,
  readOsmandTime,
  type TimeRead,
} from '../../../server/sources/time';
import { BUDGET, RUNS } from './hostile';

/** The instants `toISOString` writes with a four-digit year. */
const isoInstant = fc.integer({ min: -62_167_219_200_000, max: 253_402_300_799_999 });

const timeText = fc.oneof(
  fc.string(),
  isoInstant.map((ms) => new Date(ms).toISOString()),
  fc.stringMatching(
    /^\d{4}-\d\d-\d\d[T ]\d\d:\d\d(:\d\d(\.\d{1,12})?)?(Z|[+-]\d\d:\d\d)?$/,
  ),
  fc.stringMatching(/^\d{1,16}$/),
);

function expectFinite(read: TimeRead): void {
  if (read.ok) expect(Number.isFinite(read.ms)).toBe(true);
  else expect(read.message.length).toBeGreaterThan(0);
}

describe('decimal under hostile input', BUDGET, () => {
  it('gives back every finite double from its own text', () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), (d) => {
        expect(decimal(String(d))).toBe(d === 0 ? 0 : d);
      }),
      RUNS,
    );
  });

  it('reads any text as a finite number or nothing', () => {
    const text = fc.oneof(
      fc.string(),
      fc.stringMatching(/^[+-]?\d{0,400}\.?\d{0,3}([eE][+-]?\d{1,4})?$/),
    );
    fc.assert(
      fc.property(text, (t) => {
        const n = decimal(t);
        if (n !== undefined) expect(Number.isFinite(n)).toBe(true);
      }),
      RUNS,
    );
  });

  it.each(['NaN', 'Infinity', '-Infinity', '1e309', '52,52', '0x10', '', ' 1', '1_0'])(
    'refuses %j',
    (text) => {
      expect(decimal(text)).toBeUndefined();
    },
  );
});

describe('device times under hostile input', BUDGET, () => {
  it('gives back every instant from its ISO text', () => {
    fc.assert(
      fc.property(isoInstant, (ms) => {
        expect(readIsoTime(new Date(ms).toISOString())).toEqual({ ok: true, ms });
      }),
      RUNS,
    );
  });

  it('reads OsmAnd epoch seconds below 2^31 and milliseconds above', () => {
    const epoch = fc.integer({ min: 0, max: 999_999_999_999_999 });
    fc.assert(
      fc.property(epoch, (n) => {
        const ms = n < 2 ** 31 ? n * 1000 : n;
        expect(readOsmandTime(String(n))).toEqual({ ok: true, ms });
      }),
      RUNS,
    );
  });

  it('reads any text as a finite instant or a refusal with a message', () => {
    fc.assert(
      fc.property(timeText, (t) => {
        expectFinite(readIsoTime(t));
        expectFinite(readOsmandTime(t));
      }),
      RUNS,
    );
  });

  it('takes an epoch number only when it is a whole, safe number of ms', () => {
    fc.assert(
      fc.property(fc.oneof(fc.double(), fc.maxSafeInteger()), (n) => {
        const read = readEpochMs(n);
        expect(read.ok).toBe(Number.isSafeInteger(n));
        expectFinite(read);
      }),
      RUNS,
    );
  });
});
