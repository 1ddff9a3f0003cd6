import { describe, expect, it } from 'vitest';
import {
  cursorAt,
  headingAt,
  indexAt,
  type ReplayPoint,
} from '../../../lib/replay/track';

/** Three fixes 10 s apart, heading east then north. */
function track(): ReplayPoint[] {
  return [
    { t: 1_000, lat: 30, lon: -97, speed: 10 },
    { t: 11_000, lat: 30, lon: -96.99, speed: 30 },
    { t: 21_000, lat: 30.01, lon: -96.99, speed: 20, heading: 5 },
  ];
}

describe('indexAt', () => {
  it('finds the last fix at or before t', () => {
    expect(indexAt(track(), 11_000)).toBe(1);
    expect(indexAt(track(), 15_000)).toBe(1);
    expect(indexAt(track(), 99_000)).toBe(2);
  });

  it('answers 0 before the first fix', () => {
    expect(indexAt(track(), 0)).toBe(0);
  });
});

describe('cursorAt', () => {
  it('moves in a straight line between the fixes around t', () => {
    const c = cursorAt(track(), 6_000);

    expect(c?.index).toBe(0);
    expect(c?.lat).toBe(30);
    expect(c?.lon).toBeCloseTo(-96.995, 9);
    expect(c?.speed).toBe(20);
  });

  it('heads towards the next fix when the device gave no heading', () => {
    expect(cursorAt(track(), 6_000)?.heading).toBeCloseTo(90, 1);
  });

  it("keeps the device's own heading", () => {
    expect(cursorAt(track(), 21_000)?.heading).toBe(5);
  });

  it('clamps to the first and last fix', () => {
    expect(cursorAt(track(), -5_000)).toMatchObject({ t: 1_000, lat: 30, lon: -97 });
    expect(cursorAt(track(), 50_000)).toMatchObject({ t: 50_000, lat: 30.01, index: 2 });
  });

  it('answers nothing for an empty track', () => {
    expect(cursorAt([], 0)).toBeUndefined();
  });
});

describe('headingAt', () => {
  it('looks past fixes in the same place', () => {
    const points: ReplayPoint[] = [
      { t: 0, lat: 30, lon: -97 },
      { t: 1, lat: 30, lon: -97 },
      { t: 2, lat: 29.99, lon: -97 },
    ];

    expect(headingAt(points, 0)).toBeCloseTo(180, 1);
  });

  it('looks back from the last fix', () => {
    const points: ReplayPoint[] = [
      { t: 0, lat: 30, lon: -97 },
      { t: 1, lat: 30.01, lon: -97 },
    ];

    expect(headingAt(points, 1)).toBeCloseTo(0, 1);
  });
});

describe('cursorAt across a gap', () => {
  it('waits at the fix before a silence longer than the gap', () => {
    const points: ReplayPoint[] = [
      { t: 0, lat: 30, lon: -97, speed: 40 },
      { t: 100_000, lat: 31, lon: -97, speed: 40 },
    ];

    expect(cursorAt(points, 50_000, 30_000)).toMatchObject({ lat: 30, index: 0 });
    expect(cursorAt(points, 50_000)?.lat).toBe(30.5);
  });
});
