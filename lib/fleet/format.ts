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
