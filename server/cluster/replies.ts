/**
 * Stream replies as Redis sends them (RESP2, read through `sendCommand`),
 * turned into our own shape. Anything unexpected throws: a reply we cannot
 * read must not be taken for an empty one.
 */

/** One stream entry: its id and its fields. */
export interface StreamEntry {
  id: string;
  fields: Record<string, string>;
}

/** XRANGE: `[[id, [field, value, …]], …]`. */
export function parseEntries(reply: unknown): StreamEntry[] {
  if (!Array.isArray(reply)) throw new TypeError('expected an array of entries');
  return reply.map(parseEntry);
}

/** XREAD: `[[key, entries], …]`, or null when the block timed out. */
export function parseStreams(reply: unknown): Array<[string, StreamEntry[]]> {
  if (reply === null) return [];
  if (!Array.isArray(reply)) throw new TypeError('expected an array of streams');
  return reply.map((stream: unknown) => {
    if (!Array.isArray(stream) || stream.length !== 2) {
      throw new TypeError('expected [key, entries]');
    }
    return [text(stream[0]), parseEntries(stream[1])];
  });
}

/** HGETALL: `[field, value, …]`. */
export function parseHash(reply: unknown): Record<string, string> {
  if (!Array.isArray(reply) || reply.length % 2 !== 0) {
    throw new TypeError('expected field, value pairs');
  }
  const out: Record<string, string> = {};
  for (let i = 0; i < reply.length; i += 2) out[text(reply[i])] = text(reply[i + 1]);
  return out;
}

/** The `seq` an entry id `<seq>-0` stands for. */
export function seqOfId(id: string): number {
  const seq = Number(id.slice(0, id.indexOf('-')));
  if (!Number.isSafeInteger(seq) || seq < 1) throw new TypeError(`bad entry id ${id}`);
  return seq;
}

function parseEntry(entry: unknown): StreamEntry {
  if (!Array.isArray(entry) || entry.length !== 2) {
    throw new TypeError('expected [id, fields]');
  }
  return { id: text(entry[0]), fields: parseHash(entry[1]) };
}

function text(value: unknown): string {
  if (typeof value === 'string') return value;
  if (Buffer.isBuffer(value)) return value.toString('utf8');
  throw new TypeError('expected a string');
}
