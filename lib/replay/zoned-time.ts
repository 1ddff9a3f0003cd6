/**
 * Wall-clock times in a fleet's zone, for pickers that speak the fleet's
 * local time ("where was everyone at 16:00?") while the API speaks UTC.
 */

export const MINUTE_MS = 60_000;

/** A local date and minute: `YYYY-MM-DD` and `HH:mm`. */
export interface ZonedMinute {
  date: string;
  time: string;
}

/** The start of the minute holding `t`. */
export function floorToMinute(t: number): number {
  return Math.floor(t / MINUTE_MS) * MINUTE_MS;
}

/** `t` as the date and minute a clock in `timeZone` shows. */
export function toZoned(t: number, timeZone: string): ZonedMinute {
  const p = partsOf(t, timeZone);
  const pad = (n: number) => String(n).padStart(2, '0');
  return {
    date: `${p.year}-${pad(p.month)}-${pad(p.day)}`,
    time: `${pad(p.hour)}:${pad(p.minute)}`,
  };
}

/**
 * The epoch ms at which a clock in `timeZone` shows this date and minute;
 * undefined for malformed input. A minute skipped by a daylight-saving
 * change resolves to the same minute an hour later; a repeated one to
 * its first occurrence.
 */
export function fromZoned(z: ZonedMinute, timeZone: string): number | undefined {
  const d = /^(\d{4})-(\d{2})-(\d{2})$/.exec(z.date);
  const m = /^(\d{2}):(\d{2})$/.exec(z.time);
  if (!d || !m) return undefined;
  const [year, month, day] = [Number(d[1]), Number(d[2]), Number(d[3])];
  const [hour, minute] = [Number(m[1]), Number(m[2])];
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59) {
    return undefined;
  }

  const asUtc = Date.UTC(year, month - 1, day, hour, minute);
  // The zone's offset at a guess, then at the corrected time. Near a
  // daylight-saving change the two differ; keep the earliest that shows
  // the asked minute, or for a skipped minute the later (after the jump).
  const first = asUtc - offsetOf(asUtc, timeZone);
  const second = asUtc - offsetOf(first, timeZone);
  const shows = (t: number) => {
    const back = toZoned(t, timeZone);
    return back.date === z.date && back.time === z.time;
  };
  const right = [first, second].filter(shows);
  return right.length > 0 ? Math.min(...right) : Math.max(first, second);
}

/** How far the zone's clock runs ahead of UTC at `t`, ms. */
function offsetOf(t: number, timeZone: string): number {
  const p = partsOf(t, timeZone);
  const shown = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
  return shown - Math.floor(t / 1000) * 1000;
}

const seconds = new Map<string, Intl.DateTimeFormat>();

/** "16:05:42 CST": a replay's clock, to the second, in the fleet's zone. */
export function formatSeconds(t: number, timeZone: string | undefined): string {
  const zone = timeZone ?? 'UTC';
  let f = seconds.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      timeZoneName: 'short',
    });
    seconds.set(zone, f);
  }
  return f.format(t);
}

const formats = new Map<string, Intl.DateTimeFormat>();

function partsOf(t: number, timeZone: string) {
  let f = formats.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formats.set(timeZone, f);
  }
  const out = { year: 0, month: 0, day: 0, hour: 0, minute: 0, second: 0 };
  for (const part of f.formatToParts(t)) {
    if (part.type in out) out[part.type as keyof typeof out] = Number(part.value);
  }
  return out;
}
