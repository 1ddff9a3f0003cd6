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
  /**
   * Words that must all appear in the label, id or route, in any case;
   * "route 80" asks for routes whose id starts with 80.
   */
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
  const search = parseSearch(q.text);
  const shown = rows.filter(
    (r) => (q.statuses.size === 0 || q.statuses.has(r.status)) && matches(r, search),
  );
  return shown.sort(COMPARE[q.sort]);
}

interface Search {
  words: string[];
  /** From "route 80…": the start of the route id asked for. */
  route?: string;
}

/** "route 803 bus" asks for route 803 and the word "bus". */
function parseSearch(text: string): Search {
  const lower = text.toLowerCase();
  const route = /\broute\s+(\S+)/.exec(lower);
  const rest = route ? lower.replace(route[0], ' ') : lower;
  const words = rest.split(/\s+/).filter(Boolean);
  return route?.[1] ? { words, route: route[1] } : { words };
}

function matches(r: ListRow, s: Search): boolean {
  if (s.route !== undefined && !r.routeId?.toLowerCase().startsWith(s.route)) {
    return false;
  }
  if (s.words.length === 0) return true;
  const hay = `${r.label}\n${r.id}\n${r.routeId ?? ''}`.toLowerCase();
  return s.words.every((w) => hay.includes(w));
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
