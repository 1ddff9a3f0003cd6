import { describe, expect, it } from 'vitest';
import { OVERSCAN, rowWindow, scrollTopFor } from '../../../lib/fleet/window';

const ROW = 56;

describe('rowWindow', () => {
  it('renders the rows in view and the overscan below them at the top', () => {
    const w = rowWindow({ count: 10_000, rowHeight: ROW, scrollTop: 0, height: 560 });

    expect(w).toEqual({ start: 0, end: 10 + OVERSCAN, total: 560_000 });
  });

  it('keeps 10,000 vehicles down to a few dozen rows anywhere in the list', () => {
    const view = { count: 10_000, rowHeight: ROW, height: 700 };

    for (const scrollTop of [0, 123_456, 279_999, 559_300]) {
      const w = rowWindow({ ...view, scrollTop });
      expect(w.end - w.start).toBeLessThanOrEqual(
        Math.ceil(700 / ROW) + 1 + 2 * OVERSCAN,
      );
      expect(w.start * ROW).toBeLessThanOrEqual(scrollTop);
      expect(w.end * ROW).toBeGreaterThanOrEqual(Math.min(scrollTop + 700, 560_000));
    }
  });

  it('renders the partly visible rows at both edges', () => {
    const w = rowWindow({ count: 100, rowHeight: ROW, scrollTop: 30, height: 100 }, 0);

    expect(w).toMatchObject({ start: 0, end: 3 });
  });

  it('ends at the last row when scrolled to the bottom', () => {
    const w = rowWindow({ count: 100, rowHeight: ROW, scrollTop: 5600, height: 560 });

    expect(w).toMatchObject({ start: 90 - OVERSCAN, end: 100 });
  });

  it('clamps a scroll position beyond the list after the list shrank', () => {
    const w = rowWindow({ count: 5, rowHeight: ROW, scrollTop: 50_000, height: 560 }, 0);

    expect(w).toMatchObject({ start: 0, end: 5 });
  });

  it('renders nothing for an empty list', () => {
    expect(rowWindow({ count: 0, rowHeight: ROW, scrollTop: 0, height: 500 })).toEqual({
      start: 0,
      end: 0,
      total: 0,
    });
  });
});

describe('scrollTopFor', () => {
  const view = { count: 10_000, rowHeight: ROW, height: 560 };

  it('scrolls down just enough to show a row below the view', () => {
    expect(scrollTopFor(9_000, { ...view, scrollTop: 0 })).toBe(9_001 * ROW - 560);
  });

  it('scrolls up to a row above the view', () => {
    expect(scrollTopFor(3, { ...view, scrollTop: 5_000 })).toBe(3 * ROW);
  });

  it('stays put when the row is already in view', () => {
    expect(scrollTopFor(12, { ...view, scrollTop: 600 })).toBe(600);
  });

  it('brings a row into the rendered window wherever it is', () => {
    const scrollTop = scrollTopFor(7_777, { ...view, scrollTop: 0 });
    const w = rowWindow({ ...view, scrollTop });

    expect(7_777).toBeGreaterThanOrEqual(w.start);
    expect(7_777).toBeLessThan(w.end);
  });
});
