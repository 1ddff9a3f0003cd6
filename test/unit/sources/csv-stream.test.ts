import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT_DIR } from '../../../server/config';
import { CsvError, parseCsv } from '../../../server/sources/csv';
import { CsvStream } from '../../../server/sources/import/csv-stream';

/** Feeds `text` in pieces of the given sizes, in turn, and collects every record. */
function streamed(text: string, sizes: number[]): string[][] {
  const csv = new CsvStream();
  const records: string[][] = [];
  for (let at = 0, i = 0; at < text.length; i++) {
    const size = sizes[i % sizes.length] ?? 1;
    records.push(...csv.push(text.slice(at, at + size)));
    at += size;
  }
  return [...records, ...csv.end()];
}

function whole(text: string): string[][] {
  const { header, rows } = parseCsv(text);
  return header.length === 0 ? rows : [header, ...rows];
}

const TRICKY =
  '\uFEFFa,"b ""quoted""",c\r\n' +
  '1,"two\r\nlines",3\r\n' +
  '\r\n' +
  '"",,\n' +
  'x,"a,b",\r' +
  'last,row,';

describe('CsvStream', () => {
  it('reads what parseCsv reads, however the text is cut', () => {
    const expected = whole(TRICKY);
    for (let size = 1; size <= TRICKY.length; size++) {
      expect(streamed(TRICKY, [size])).toEqual(expected);
    }
  });

  it.each([
    'capmetro-austin-avl/vehicle_positions/2016-12-16.csv',
    'ved-ann-arbor/ved_trips.csv',
  ])('reads the recorded %s exactly as parseCsv does', (file) => {
    const text = fs.readFileSync(path.join(ROOT_DIR, 'data', file), 'utf8');
    // Uneven pieces, so some end between CR and LF and inside fields.
    expect(streamed(text, [4093, 17, 65_536, 1])).toEqual(whole(text));
  });

  it('refuses an unterminated quoted field', () => {
    expect(() => streamed('a,"b\nc', [3])).toThrow(CsvError);
  });

  it('refuses a character after a closing quote', () => {
    expect(() => streamed('a,"b"c\n', [2])).toThrow(
      'Unexpected character after a closing quote',
    );
  });
});
