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
