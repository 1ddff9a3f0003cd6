/**
 * How to answer a `Range` request header for a body of `size` bytes
 * (RFC 9110 §14). Only a single `bytes` range is honoured: the pmtiles
 * client asks for one range at a time, and a server may ignore a Range
 * it does not support, answering with the whole body instead.
 */
export type RangeAnswer =
  | { kind: 'whole' }
  | { kind: 'part'; start: number; end: number }
  | { kind: 'unsatisfiable' };

const WHOLE: RangeAnswer = { kind: 'whole' };
const UNSATISFIABLE: RangeAnswer = { kind: 'unsatisfiable' };

/** `end` is inclusive, as in Content-Range. */
export function answerRange(header: string | undefined, size: number): RangeAnswer {
  if (!header) return WHOLE;
  const match = /^\s*bytes\s*=\s*(\d*)\s*-\s*(\d*)\s*$/i.exec(header);
  if (!match) return WHOLE;
  const [, first = '', last = ''] = match;
  if (!first && !last) return WHOLE;

  if (!first) return suffix(Number(last), size);
  const start = Number(first);
  if (!Number.isSafeInteger(start)) return WHOLE;
  if (!last) return start < size ? part(start, size - 1) : UNSATISFIABLE;

  const end = Number(last);
  // A range that ends before it starts is invalid; the RFC says ignore it.
  if (!Number.isSafeInteger(end) || end < start) return WHOLE;
  if (start >= size) return UNSATISFIABLE;
  return part(start, Math.min(end, size - 1));
}

/** `bytes=-n`: the last n bytes, or all of them when n exceeds the size. */
function suffix(length: number, size: number): RangeAnswer {
  if (!Number.isSafeInteger(length)) return WHOLE;
  if (length === 0 || size === 0) return UNSATISFIABLE;
  return part(Math.max(0, size - length), size - 1);
}

function part(start: number, end: number): RangeAnswer {
  return { kind: 'part', start, end };
}
