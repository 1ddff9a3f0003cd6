/**
 * Windowing for a list of equal-height rows: only the rows in view (and a
 * few either side) are in the DOM, so ten thousand vehicles cost what
 * thirty do. Pure maths; the component measures and scrolls.
 */

export interface Viewport {
  /** Rows in the list. */
  count: number;
  /** Height of one row, px. */
  rowHeight: number;
  /** The scroller's scrollTop, px. */
  scrollTop: number;
  /** The scroller's visible height, px. */
  height: number;
}

export interface RowWindow {
  /** First rendered row. */
  start: number;
  /** One past the last rendered row. */
  end: number;
  /** Height of the whole list, px, for the spacer. */
  total: number;
}

/** Rows rendered beyond each edge of the view, so fast scrolls show no gap. */
export const OVERSCAN = 6;

export function rowWindow(v: Viewport, overscan: number = OVERSCAN): RowWindow {
  const total = v.count * v.rowHeight;
  if (v.count === 0 || v.rowHeight <= 0) return { start: 0, end: 0, total: 0 };
  const top = clamp(v.scrollTop, 0, Math.max(0, total - v.height));
  const first = Math.floor(top / v.rowHeight);
  const last = Math.ceil((top + Math.max(0, v.height)) / v.rowHeight);
  return {
    start: Math.max(0, first - overscan),
    end: Math.min(v.count, last + overscan),
    total,
  };
}

/**
 * The scrollTop that brings a row fully into view while moving as little
 * as possible; the current one when the row is already in view.
 */
export function scrollTopFor(index: number, v: Viewport): number {
  const top = index * v.rowHeight;
  const bottom = top + v.rowHeight;
  if (top < v.scrollTop) return top;
  if (bottom > v.scrollTop + v.height) return Math.max(0, bottom - v.height);
  return v.scrollTop;
}

function clamp(x: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, x));
}
