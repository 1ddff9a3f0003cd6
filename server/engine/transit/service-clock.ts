/**
 * Timetable times to instants. GTFS measures a service day's times from
 * "noon minus 12 h" local time on the service date, not from midnight
 * (GTFS reference, stop_times.txt). On the two days a year the clocks
 * change, that origin is 23:00 or 01:00 wall time, which keeps every
 * time after the change right; and times past 24:00 simply run on into
 * the next calendar day.
 */

/** CapMetro's zone; the timetable's times are local to it. */
export const AGENCY_ZONE = 'America/Chicago';

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

/** Epoch ms of `seconds` into the service day `serviceDate` (YYYY-MM-DD). */
export function serviceTimeToEpoch(
  serviceDate: string,
  seconds: number,
  zone: string = AGENCY_ZONE,
): number {
  return localNoon(serviceDate, zone) - 12 * HOUR_MS + seconds * 1000;
}

/** The local calendar date (YYYY-MM-DD) of an instant. */
export function localDate(t: number, zone: string = AGENCY_ZONE): string {
  const p = wallClock(t, zone);
  return isoDate(Date.UTC(p.year, p.month - 1, p.day));
}

/** The date `days` after `date`; negative goes back. */
export function addDays(date: string, days: number): string {
  return isoDate(parseDate(date) + days * DAY_MS);
}

/** How far the zone's wall clock is ahead of UTC at `t`, ms. */
export function zoneOffsetMs(t: number, zone: string = AGENCY_ZONE): number {
  const p = wallClock(t, zone);
  const wall = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
  return wall - Math.floor(t / 1000) * 1000;
}

function localNoon(date: string, zone: string): number {
  const noonAsUtc = parseDate(date) + 12 * HOUR_MS;
  // No zone changes its clocks near midday, so the offset a few hours
  // off true local noon is the offset at local noon.
  return noonAsUtc - zoneOffsetMs(noonAsUtc, zone);
}

function parseDate(date: string): number {
  const match = /^(\d{4})-(\d\d)-(\d\d)$/.exec(date);
  if (!match) throw new Error(`Not a YYYY-MM-DD date: "${date}"`);
  const [, y, m, d] = match;
  return Date.UTC(Number(y), Number(m) - 1, Number(d));
}

function isoDate(utcMidnight: number): string {
  return new Date(utcMidnight).toISOString().slice(0, 10);
}

interface WallClock {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function wallClock(t: number, zone: string): WallClock {
  const parts = formatterFor(zone).formatToParts(new Date(t));
  const get = (type: Intl.DateTimeFormatPartTypes): number =>
    Number(parts.find((p) => p.type === type)?.value);
  return {
    year: get('year'),
    month: get('month'),
    day: get('day'),
    hour: get('hour'),
    minute: get('minute'),
    second: get('second'),
  };
}

function formatterFor(zone: string): Intl.DateTimeFormat {
  let f = formatters.get(zone);
  if (f) return f;
  f = new Intl.DateTimeFormat('en-US', {
    timeZone: zone,
    hourCycle: 'h23',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    second: 'numeric',
  });
  formatters.set(zone, f);
  return f;
}
