import type { VehicleStatus } from './status';

/** What the vehicle list knows of one vehicle, already in display words. */
export interface ListRow {
  id: string;
  label: string;
  routeId?: string;
  status: VehicleStatus;
  /** km/h; absent when the device did not say. */
  speed?: number;
  /** Device time of the newest fix, epoch ms. */
  deviceTime: number;
  /** Minutes behind the timetable (negative: early); absent off timetable. */
  delay?: number;
}

export type SortKey = 'name' | 'speed' | 'age' | 'delay';

export const SORT_LABEL: Record<SortKey, string> = {
  name: 'Name',
  speed: 'Fastest first',
  age: 'Oldest fix first',
  delay: 'Most late first',
};

export interface ListQuery {
  /** Words that must all appear in the label, id or route; any case. */
  text: string;
  /** Statuses to show; empty shows every status. */
  statuses: ReadonlySet<VehicleStatus>;
  sort: SortKey;
}

/**
 * The rows a query shows, in its order. Rows a sort cannot rank (no speed,
 * no delay) go last; ties fall back to the name, so the order is stable
 * while values tick.
 */
export function queryRows(rows: readonly ListRow[], q: ListQuery): ListRow[] {
  const words = q.text.toLowerCase().split(/\s+/).filter(Boolean);
  const shown = rows.filter(
    (r) => (q.statuses.size === 0 || q.statuses.has(r.status)) && matchesWords(r, words),
  );
  return shown.sort(COMPARE[q.sort]);
}

function matchesWords(r: ListRow, words: readonly string[]): boolean {
  if (words.length === 0) return true;
  const route = r.routeId ? `route ${r.routeId}` : '';
  const hay = `${r.label}\n${r.id}\n${route}`.toLowerCase();
  return words.every((w) => hay.includes(w));
}

const byName = (a: ListRow, b: ListRow) =>
  a.label.localeCompare(b.label, 'en', { numeric: true }) ||
  a.id.localeCompare(b.id, 'en', { numeric: true });

/** Descending by a value; rows without one go after every row with one. */
function descending(value: (r: ListRow) => number | undefined) {
  return (a: ListRow, b: ListRow): number => {
    const x = value(a);
    const y = value(b);
    if (x === undefined || y === undefined) {
      if (x !== y) return x === undefined ? 1 : -1;
      return byName(a, b);
    }
    return y - x || byName(a, b);
  };
}

const COMPARE: Record<SortKey, (a: ListRow, b: ListRow) => number> = {
  name: byName,
  speed: descending((r) => r.speed),
  age: descending((r) => -r.deviceTime),
  delay: descending((r) => r.delay),
};
