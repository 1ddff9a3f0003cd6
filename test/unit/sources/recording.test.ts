import { describe, expect, it } from 'vitest';
import {
  busiestTime,
  busiestWindow,
  makeRecording,
  type RecordedFix,
} from '../../../server/sources/recording';

function at(recordedTime: number, vehicleId: string): RecordedFix {
  return { recordedTime, fix: { vehicleId, lat: 1, lon: 1 } };
}

describe('makeRecording', () => {
  it('sorts by time, ties by vehicle id, and records the span', () => {
    const rec = makeRecording('f', [at(5, 'b'), at(5, 'a'), at(1, 'c')]);

    expect(rec.fixes.map((f) => f.fix.vehicleId)).toEqual(['c', 'a', 'b']);
    expect(rec).toMatchObject({ fleetId: 'f', start: 1, end: 5 });
  });

  it('spans 0 to 0 when empty', () => {
    expect(makeRecording('f', [])).toEqual({ fleetId: 'f', fixes: [], start: 0, end: 0 });
  });
});

describe('busiestTime', () => {
  it('starts at the fix opening the window with the most distinct vehicles', () => {
    const rec = makeRecording('f', [
      at(0, 'a'),
      at(10, 'a'),
      at(20, 'a'),
      at(100, 'a'),
      at(105, 'b'),
      at(109, 'c'),
      at(111, 'd'),
    ]);

    expect(busiestWindow(rec, 10)).toEqual({ start: 100, vehicles: 3 });
    expect(busiestTime(rec, 12)).toBe(100);
  });

  it('counts a vehicle once however often it reports', () => {
    const rec = makeRecording('f', [at(0, 'a'), at(1, 'a'), at(2, 'a'), at(50, 'b')]);

    expect(busiestWindow(rec, 10)).toEqual({ start: 0, vehicles: 1 });
  });

  it('prefers the earliest of equally busy windows', () => {
    const rec = makeRecording('f', [at(0, 'a'), at(1, 'b'), at(50, 'c'), at(51, 'd')]);

    expect(busiestTime(rec, 5)).toBe(0);
  });

  it('answers the start of an empty recording', () => {
    const rec = { ...makeRecording('f', []), start: 7, end: 7 };

    expect(busiestWindow(rec, 5)).toEqual({ start: 7, vehicles: 0 });
  });

  it('rejects a window that is not positive', () => {
    const rec = makeRecording('f', [at(0, 'a')]);

    expect(() => busiestTime(rec, 0)).toThrow('windowMs must be positive');
  });
});
