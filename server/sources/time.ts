/**
 * Device times as sources send them, read under one rule for all (field
 * case C05): a written time must name its zone, because reading it in
 * the server's own zone would shift a whole fleet by hours. Numbers are
 * instants and need no zone.
 */
export type TimeRead = { ok: true; ms: number } | { ok: false; message: string };

const ISO_WITH_ZONE = /^\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d(\.\d{1,9})?)?(Z|[+-]\d\d:\d\d)$/;

/** ISO 8601 / RFC 3339 with `Z` or `±hh:mm`; a zoneless time is refused. */
export function readIsoTime(text: string): TimeRead {
  if (!ISO_WITH_ZONE.test(text)) {
    const zoneless = /^\d{4}-\d\d-\d\d[T ]\d\d:\d\d(:\d\d(\.\d+)?)?$/.test(text);
    const message = zoneless
      ? `time ${clip(text)} has no zone; add Z or ±hh:mm`
      : `time ${clip(text)} is not ISO 8601 with a zone`;
    return { ok: false, message };
  }
  const ms = Date.parse(text);
  if (!Number.isFinite(ms)) {
    return { ok: false, message: `time ${clip(text)} is not a real date` };
  }
  return { ok: true, ms };
}

/** Epoch milliseconds, a whole number; no guessing of seconds. */
export function readEpochMs(value: number): TimeRead {
  if (!Number.isSafeInteger(value)) {
    return { ok: false, message: 'epoch time must be a whole number of milliseconds' };
  }
  return { ok: true, ms: value };
}

/**
 * The OsmAnd rule, as Traccar reads it: a number below 2^31 counts
 * seconds (phones send seconds), a larger one milliseconds; otherwise an
 * ISO time with a zone.
 */
export function readOsmandTime(text: string): TimeRead {
  if (!/^\d{1,15}$/.test(text)) return readIsoTime(text);
  const n = Number(text);
  return { ok: true, ms: n < 2 ** 31 ? n * 1000 : n };
}

function clip(text: string): string {
  return JSON.stringify(text.length > 40 ? text.slice(0, 39) + '…' : text);
}
