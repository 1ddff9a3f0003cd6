import { describe, expect, it } from 'vitest';
import { answerRange } from '../../../server/map/byte-range';
import { noneMatchHits } from '../../../server/map/conditional';
import { toPosition } from '../../../server/map/geojson';
import { parseServiceTime } from '../../../server/map/service-time';

describe('parseServiceTime', () => {
  it('reads H:MM:SS as seconds', () => {
    expect(parseServiceTime('5:33:00')).toBe(19_980);
  });

  it('reads hours past midnight of the service day', () => {
    expect(parseServiceTime('28:22:05')).toBe(102_125);
  });

  it('returns NaN for a malformed time', () => {
    expect(parseServiceTime('5:7:00')).toBeNaN();
    expect(parseServiceTime('')).toBeNaN();
  });
});

describe('toPosition', () => {
  it('orders a position as [lon, lat]', () => {
    expect(toPosition(-97.7404271, 30.2638421)).toEqual([-97.740427, 30.263842]);
  });

  it('drops 0,0, non-finite and out-of-range points', () => {
    expect(toPosition(0, 0)).toBeNull();
    expect(toPosition(Number.NaN, 30)).toBeNull();
    expect(toPosition(-97, Number.POSITIVE_INFINITY)).toBeNull();
    expect(toPosition(30.2, -97.7)).toBeNull();
  });
});

describe('answerRange', () => {
  it('serves the whole body without a Range header', () => {
    expect(answerRange(undefined, 100)).toEqual({ kind: 'whole' });
  });

  it('reads a closed range with an inclusive end', () => {
    expect(answerRange('bytes=0-126', 1000)).toEqual({
      kind: 'part',
      start: 0,
      end: 126,
    });
  });

  it('clips a range that runs past the end', () => {
    expect(answerRange('bytes=90-500', 100)).toEqual({
      kind: 'part',
      start: 90,
      end: 99,
    });
  });

  it('reads an open range to the end', () => {
    expect(answerRange('bytes=40-', 100)).toEqual({ kind: 'part', start: 40, end: 99 });
  });

  it('reads a suffix range as the last bytes', () => {
    expect(answerRange('bytes=-10', 100)).toEqual({ kind: 'part', start: 90, end: 99 });
    expect(answerRange('bytes=-500', 100)).toEqual({ kind: 'part', start: 0, end: 99 });
  });

  it('refuses a range that starts at or past the end', () => {
    expect(answerRange('bytes=100-', 100)).toEqual({ kind: 'unsatisfiable' });
    expect(answerRange('bytes=100-200', 100)).toEqual({ kind: 'unsatisfiable' });
    expect(answerRange('bytes=-0', 100)).toEqual({ kind: 'unsatisfiable' });
  });

  it('ignores ranges it does not support or cannot read', () => {
    expect(answerRange('bytes=0-1,5-6', 100)).toEqual({ kind: 'whole' });
    expect(answerRange('bytes=9-3', 100)).toEqual({ kind: 'whole' });
    expect(answerRange('items=0-3', 100)).toEqual({ kind: 'whole' });
  });
});

describe('noneMatchHits', () => {
  it('matches the ETag in a list, ignoring a weak prefix', () => {
    expect(noneMatchHits('"a", W/"b"', '"b"')).toBe(true);
    expect(noneMatchHits('*', '"b"')).toBe(true);
  });

  it('misses a different or missing ETag', () => {
    expect(noneMatchHits('"a"', '"b"')).toBe(false);
    expect(noneMatchHits(undefined, '"b"')).toBe(false);
  });
});
