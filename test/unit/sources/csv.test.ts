import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { CsvError, parseCsv, readCsvFile } from '../../../server/sources/csv';
import { sharedData } from './shared-data';

describe('parseCsv', () => {
  it('splits the header from the rows', () => {
    const csv = parseCsv('a,b\n1,2\n3,4');

    expect(csv).toEqual({
      header: ['a', 'b'],
      rows: [
        ['1', '2'],
        ['3', '4'],
      ],
    });
  });

  it('keeps commas and doubled quotes inside quoted fields', () => {
    const csv = parseCsv('name,sign\n"a, b","say ""hi"""\n');

    expect(csv.rows).toEqual([['a, b', 'say "hi"']]);
  });

  it('keeps a line break inside a quoted field', () => {
    const csv = parseCsv('a,b\n"one\r\ntwo",3\n');

    expect(csv.rows).toEqual([['one\r\ntwo', '3']]);
  });

  it('reads CRLF, LF and mixed line endings alike', () => {
    const crlf = parseCsv('a,b\r\n1,2\r\n3,4\r\n');
    const mixed = parseCsv('a,b\r\n1,2\n3,4');

    expect(crlf.rows).toEqual([
      ['1', '2'],
      ['3', '4'],
    ]);
    expect(mixed).toEqual(crlf);
  });

  it('adds no row for a trailing newline or blank lines', () => {
    const csv = parseCsv('a\n1\n\n2\n\n');

    expect(csv.rows).toEqual([['1'], ['2']]);
  });

  it('strips a UTF-8 byte order mark from the first header', () => {
    const csv = parseCsv('\uFEFFvehicle_id,speed\n1,2\n');

    expect(csv.header).toEqual(['vehicle_id', 'speed']);
  });

  it('keeps empty fields, including after a trailing comma', () => {
    const csv = parseCsv('a,b,c\n,x,\n"",,"z"');

    expect(csv.rows).toEqual([
      ['', 'x', ''],
      ['', '', 'z'],
    ]);
  });

  it('keeps a quoted empty value on a line of its own', () => {
    const csv = parseCsv('a\n""\n1\n');

    expect(csv.rows).toEqual([[''], ['1']]);
  });

  it('returns no header and no rows for empty text', () => {
    expect(parseCsv('')).toEqual({ header: [], rows: [] });
  });

  it('rejects an unterminated quoted field with its line', () => {
    const read = () => parseCsv('a,b\n1,2\n3,"open\n');

    expect(read).toThrow(CsvError);
    expect(read).toThrow('Unterminated quoted field (line 3)');
  });

  it('rejects text after a closing quote', () => {
    const read = () => parseCsv('a\n"x"y\n');

    expect(read).toThrow('Unexpected character after a closing quote (line 2)');
  });

  it('counts lines inside quoted fields when it reports an error', () => {
    const read = () => parseCsv('a\n"1\n2"\n"x"y');

    expect(read).toThrow('(line 4)');
  });
});

describe('readCsvFile', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'fleetlight-csv-'));

  it('reads a plain file', () => {
    const file = path.join(dir, 'plain.csv');
    writeFileSync(file, 'a,b\n1,2\n');

    expect(readCsvFile(file).rows).toEqual([['1', '2']]);
  });

  it('gunzips a file whose name ends in .gz', () => {
    const file = path.join(dir, 'packed.csv.gz');
    writeFileSync(file, gzipSync('\uFEFFa,b\r\n"x,y",2\r\n'));

    expect(readCsvFile(file)).toEqual({ header: ['a', 'b'], rows: [['x,y', '2']] });
  });

  it('reads the whole gzipped CapMetro schedule', () => {
    const file = sharedData('capmetro-austin-avl', 'schedule_20160821_20170121.csv.gz');

    const csv = readCsvFile(file);

    expect(csv.header.slice(0, 3)).toEqual(['trip_id', 'arrival_time', 'stop_id']);
    expect(csv.rows).toHaveLength(413_117);
    expect(csv.rows.every((r) => r.length === csv.header.length)).toBe(true);
  });
});
