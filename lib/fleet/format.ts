/** "4 s", "3 min", "2 h": how long ago, short enough for a list row. */
export function formatAge(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min`;
  const h = Math.floor(m / 60);
  if (h < 48) return `${h} h`;
  return `${Math.floor(h / 24)} d`;
}

export function formatSpeed(kmh: number | undefined): string {
  return kmh === undefined ? '—' : `${Math.round(kmh)} km/h`;
}

/** "bus-5012" → "Bus 5012": ids carry their kind as a prefix. */
export function vehicleLabel(id: string): string {
  const [kind, rest] = id.split(/-(.*)/s);
  if (!rest) return id;
  const noun = kind === 'bus' ? 'Bus' : kind === 'car' ? 'Car' : kind;
  return `${noun} ${rest}`;
}

/**
 * "14:05 CST", "14:00 CEST": a time in the fleet's zone with the zone's own
 * label for that date, so daylight saving shows as CDT or CEST and never
 * with the wrong offset. Where no locale has a name for the zone, the label
 * is the offset itself ("GMT+3").
 */
export function formatClock(ms: number, timeZone: string | undefined): string {
  return clockFormat(timeZone ?? 'UTC').format(ms);
}

const formats = new Map<string, Intl.DateTimeFormat>();

/** Locales differ in which zones they name: en-US knows CST, en-GB CEST. */
function clockFormat(timeZone: string): Intl.DateTimeFormat {
  const cached = formats.get(timeZone);
  if (cached) return cached;
  const make = (locale: string) =>
    new Intl.DateTimeFormat(locale, {
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
      timeZone,
      timeZoneName: 'short',
    });
  const probe = Date.UTC(2024, 6, 1);
  const named = ['en-US', 'en-GB']
    .map(make)
    .find((f) => !/GMT|UTC[+-]/.test(f.format(probe)));
  const format = named ?? make('en-US');
  formats.set(timeZone, format);
  return format;
}

/** "safety_score" → "Safety score". */
export function humanize(id: string): string {
  const words = id.replace(/_/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/**
 * "Dec 15, 14:05 CST": a time in the fleet's zone, with its day unless it
 * falls on the same day (in that zone) as `now`.
 */
export function formatStamp(
  ms: number,
  timeZone: string | undefined,
  now: number,
): string {
  const clock = formatClock(ms, timeZone);
  const day = dayFormat(timeZone ?? 'UTC');
  const date = day.format(ms);
  return date === day.format(now) ? clock : `${date}, ${clock}`;
}

const days = new Map<string, Intl.DateTimeFormat>();

function dayFormat(timeZone: string): Intl.DateTimeFormat {
  let format = days.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      month: 'short',
      day: 'numeric',
      timeZone,
    });
    days.set(timeZone, format);
  }
  return format;
}

/** "1:42", "12:05", "1:02:03": time left on a countdown; never negative. */
export function formatCountdown(ms: number): string {
  const total = Math.max(0, Math.ceil(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = String(total % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${s}` : `${m}:${s}`;
}

/** "45 s", "5 min", "1 h 30 min": a rule's delay, as a person says it. */
export function formatDelay(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  const parts = [
    [Math.floor(s / 3600), 'h'],
    [Math.floor((s % 3600) / 60), 'min'],
    [s % 60, 's'],
  ] as const;
  const said = parts.filter(([n]) => n > 0).map(([n, unit]) => `${n} ${unit}`);
  return said.length > 0 ? said.join(' ') : '0 s';
}
