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
  fs.mkdirSync(dataDir, { recursive: true });
  const file = path.join(dataDir, 'fleetlight.sqlite');
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
