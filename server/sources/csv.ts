import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';

/**
 * A small RFC 4180 reader for the recorded data files. It accepts what
 * those files really contain: an optional UTF-8 BOM, CRLF or LF endings
 * (VED keeps CRLF, CapMetrics uses LF), a trailing newline, and quoted
 * fields holding commas, line breaks or doubled quotes.
 *
 * Blank lines are skipped. Rows are returned as read; checking that each
 * has as many fields as the header is the caller's business, because only
 * the caller knows whether a short row is an error.
 */
export interface Csv {
  header: string[];
  rows: string[][];
}

export class CsvError extends Error {
  constructor(
    message: string,
    /** 1-based line of the input where the problem was seen. */
    readonly line: number,
  ) {
    super(`${message} (line ${line})`);
    this.name = 'CsvError';
  }
}

export function parseCsv(text: string): Csv {
  const records = readRecords(stripBom(text));
  const header = records.shift() ?? [];
  return { header, rows: records };
}

/** Reads and parses a CSV file, gunzipping it first when it ends in `.gz`. */
export function readCsvFile(path: string): Csv {
  const bytes = readFileSync(path);
  const raw = path.endsWith('.gz') ? gunzipSync(bytes) : bytes;
  return parseCsv(raw.toString('utf8'));
}

const QUOTE = 34;
const COMMA = 44;
const LF = 10;
const CR = 13;

function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

function readRecords(text: string): string[][] {
  const records: string[][] = [];
  let fields: string[] = [];
  let line = 1;
  let i = 0;

  while (i < text.length) {
    const quoted = text.charCodeAt(i) === QUOTE;
    const field = quoted ? readQuoted(text, i, line) : readPlain(text, i);
    fields.push(field.value);
    line += field.newlines;

    const stop = text.charCodeAt(field.end);
    if (stop === COMMA) {
      i = field.end + 1;
      // A comma as the very last character still opens one empty field.
      if (i === text.length) fields.push('');
      continue;
    }
    if (!Number.isNaN(stop) && stop !== LF && stop !== CR) {
      throw new CsvError('Unexpected character after a closing quote', line);
    }

    const blankLine = !quoted && fields.length === 1 && field.value === '';
    if (!blankLine) records.push(fields);
    fields = [];
    line += 1;
    const crlf = stop === CR && text.charCodeAt(field.end + 1) === LF;
    i = field.end + (crlf ? 2 : 1);
  }

  if (fields.length > 0) records.push(fields);
  return records;
}

interface Field {
  value: string;
  /** Index of the character that ends the field, past any closing quote. */
  end: number;
  /** Line breaks inside the field, to keep error line numbers right. */
  newlines: number;
}

function readPlain(text: string, from: number): Field {
  let end = from;
  while (end < text.length) {
    const c = text.charCodeAt(end);
    if (c === COMMA || c === LF || c === CR) break;
    end++;
  }
  return { value: text.slice(from, end), end, newlines: 0 };
}

function readQuoted(text: string, open: number, line: number): Field {
  let value = '';
  let newlines = 0;
  let from = open + 1;

  for (;;) {
    const close = text.indexOf('"', from);
    if (close === -1) throw new CsvError('Unterminated quoted field', line);

    const chunk = text.slice(from, close);
    value += chunk;
    newlines += countLineBreaks(chunk);
    if (text.charCodeAt(close + 1) !== QUOTE) {
      return { value, end: close + 1, newlines };
    }
    // A doubled quote stands for one quote character inside the field.
    value += '"';
    from = close + 2;
  }
}

function countLineBreaks(chunk: string): number {
  let n = 0;
  for (let i = 0; i < chunk.length; i++) {
    const c = chunk.charCodeAt(i);
    const crlf = c === CR && chunk.charCodeAt(i + 1) === LF;
    if (c === LF || (c === CR && !crlf)) n++;
  }
  return n;
}
