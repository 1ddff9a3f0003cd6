/**
 * Reads the recorded CSV files for the basemap. Parsing is the shared
 * reader's; only the file access differs: `readCsvFile` there reads
 * and gunzips synchronously, which would stall every open connection
 * while a map asset is built on first request.
 */
import { readFile } from 'node:fs/promises';
import { promisify } from 'node:util';
import { gunzip } from 'node:zlib';
import { parseCsv, type Csv } from '../sources/csv';

const gunzipAsync = promisify(gunzip);

/** Reads a CSV file, gunzipping it first when the name ends in .gz. */
export async function readCsv(file: string): Promise<Csv> {
  const raw = await readFile(file);
  const bytes = file.endsWith('.gz') ? await gunzipAsync(raw) : raw;
  return parseCsv(bytes.toString('utf8'));
}

/**
 * The index of each named column, so rows are read by name. Throws
 * naming the file and the first missing column.
 */
export function columnIndex<K extends string>(
  csv: Csv,
  names: readonly K[],
  file: string,
): Record<K, number> {
  const index = {} as Record<K, number>;
  for (const name of names) {
    const at = csv.header.indexOf(name);
    if (at < 0) throw new Error(`${file}: missing column "${name}"`);
    index[name] = at;
  }
  return index;
}
