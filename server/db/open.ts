import fs from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, Migrator, SqliteDialect } from 'kysely';
import { migrationProvider } from './migrations';
import type { Database } from './schema';

export type Db = Kysely<Database>;

/**
 * Opens (creating if needed) the embedded SQLite database in `dataDir` and
 * brings its schema up to date.
 *
 * WAL lets readers run beside the single writer; synchronous=NORMAL keeps a
 * committed transaction across a process crash (only an OS crash or power
 * loss can drop the last ones), which is the trade-off the SQLite docs
 * recommend for WAL.
 */
export async function openDatabase(dataDir: string): Promise<Db> {
  makePrivateDir(dataDir);
  const file = path.join(dataDir, 'fleetlight.sqlite');
  makePrivateFile(file);
  const sqlite = new SQLite(file);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');

  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) });
  const migrator = new Migrator({ db, provider: migrationProvider });
  const { error, results } = await migrator.migrateToLatest();
  const failed = results?.find((r) => r.status === 'Error');
  if (error || failed) {
    await db.destroy();
    const what = failed ? ` (migration ${failed.migrationName})` : '';
    throw new Error(`Could not migrate the database at ${file}${what}`, { cause: error });
  }
  return db;
}

/**
 * Creates `dir` readable by its owner only. The mode given to mkdir passes
 * through the umask, so it is set again after. A folder that already
 * existed is the operator's choice and is left as it is.
 */
function makePrivateDir(dir: string): void {
  const created = fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  if (created !== undefined) fs.chmodSync(dir, 0o700);
}

/**
 * Creates the database file (empty, which SQLite takes for a new database)
 * or tightens an existing one to 0600. SQLite gives the -wal and -shm files
 * it creates beside it the database file's own mode.
 */
function makePrivateFile(file: string): void {
  fs.closeSync(fs.openSync(file, 'a', 0o600));
  fs.chmodSync(file, 0o600);
}
