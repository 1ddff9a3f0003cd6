/**
 * Shrinks a time series for a chart: SVG charts slow down with every
 * point drawn (recharts#949), and a screen cannot show more points than
 * it has pixels. Keeps the first and last point and, per bucket between,
 * the point farthest from its bucket's mean (a cheap take on LTTB that
 * keeps spikes visible).
 */
export function downsample<T>(
  points: readonly T[],
  max: number,
  value: (p: T) => number,
): T[] {
  if (points.length <= max || max < 3) return points.slice(0, Math.max(max, 0));
  const first = points[0] as T;
  const last = points[points.length - 1] as T;
  const inner = points.length - 2;
  const buckets = max - 2;
  const out: T[] = [first];
  for (let b = 0; b < buckets; b++) {
    const from = 1 + Math.floor((b * inner) / buckets);
    const to = 1 + Math.floor(((b + 1) * inner) / buckets);
    out.push(farthestFromMean(points, from, to, value));
  }
  out.push(last);
  return out;
}

function farthestFromMean<T>(
  points: readonly T[],
  from: number,
  to: number,
  value: (p: T) => number,
): T {
  let sum = 0;
  for (let i = from; i < to; i++) sum += value(points[i] as T);
  const mean = sum / (to - from);
  let best = points[from] as T;
  let bestGap = -1;
  for (let i = from; i < to; i++) {
    const p = points[i] as T;
    const gap = Math.abs(value(p) - mean);
    if (gap > bestGap) {
      best = p;
      bestGap = gap;
    }
  }
  return best;
}

/** The points no older than `spanMs` before the newest one. */
export function recentWindow<T>(
  points: readonly T[],
  spanMs: number,
  at: (p: T) => number,
): T[] {
  const newest = points.at(-1);
  if (newest === undefined) return [];
  const since = at(newest) - spanMs;
  let i = points.length - 1;
  while (i > 0 && at(points[i - 1] as T) >= since) i--;
  return points.slice(i);
}
