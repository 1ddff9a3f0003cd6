/**
 * Parses a GTFS service time `H:MM:SS` into seconds since the start of
 * the service day. Hours may pass 24 (a trip that runs past
 * midnight keeps counting: `25:10:00` is 1:10 the next morning), so this
 * is a duration, not a clock time. Returns NaN for anything else.
 */
export function parseServiceTime(text: string): number {
  const match = /^(\d{1,3}):([0-5]\d):([0-5]\d)$/.exec(text.trim());
  if (!match) return Number.NaN;
  const [, h, m, s] = match;
  return Number(h) * 3600 + Number(m) * 60 + Number(s);
}
