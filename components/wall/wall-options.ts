/** The views a wall rotates through, in order. */
export const WALL_VIEWS = ['map', 'kpi', 'alerts'] as const;
export type WallView = (typeof WALL_VIEWS)[number];

/** What the wall shows: a rotating view, or the alarm that holds it. */
export type WallFocus = WallView | 'alarm';

export const VIEW_LABEL: Record<WallView, string> = {
  map: 'Map',
  kpi: 'Fleet metrics',
  alerts: 'Alert queue',
};

/** How a wall behaves, read from its URL's query. */
export interface WallOptions {
  /** How long each view stays, ms; `?rotate=` seconds, 5–600, 20 by default. */
  rotateMs: number;
  /**
   * After this long (ms) without new data the wall says it is stale;
   * `?stale=` seconds, 10–3600, 60 by default.
   */
  staleMs: number;
  /** The views to rotate through; `?views=map,alerts`, all by default. */
  views: readonly WallView[];
}

export const ROTATE_S = { min: 5, max: 600, default: 20 };
export const STALE_S = { min: 10, max: 3600, default: 60 };

type Query = Record<string, string | string[] | undefined>;

/**
 * Reads the options from a page's search params. A value out of range
 * is clamped and one that is not a number is ignored: a wall nobody
 * watches closely must come up whatever its link says.
 */
export function wallOptions(query: Query): WallOptions {
  return {
    rotateMs: seconds(first(query['rotate']), ROTATE_S) * 1000,
    staleMs: seconds(first(query['stale']), STALE_S) * 1000,
    views: views(first(query['views'])),
  };
}

function first(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

function seconds(
  text: string | undefined,
  range: { min: number; max: number; default: number },
): number {
  const n = text === undefined || text.trim() === '' ? NaN : Number(text);
  if (!Number.isFinite(n)) return range.default;
  return Math.min(range.max, Math.max(range.min, Math.round(n)));
}

function views(text: string | undefined): readonly WallView[] {
  const asked = (text ?? '').split(',').map((v) => v.trim());
  const known = WALL_VIEWS.filter((v) => asked.includes(v));
  return known.length > 0 ? known : WALL_VIEWS;
}

/** The view after `view` in `list`, wrapping round. */
export function nextView(list: readonly WallView[], view: WallView): WallView {
  const i = list.indexOf(view);
  return list[(i + 1) % list.length] ?? view;
}
