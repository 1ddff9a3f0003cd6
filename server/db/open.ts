import fs from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, Migrator, PostgresDialect, SqliteDialect } from 'kysely';
import { migrationProvider, type Dialect } from './migrations';
import { createPool, redactDatabaseUrl } from './postgres';
import type { Database } from './schema';

export type Db = Kysely<Database>;

/** Where the data lives: SQLite in `dataDir` unless a PostgreSQL URL is given. */
export interface DatabaseOptions {
  /** The folder of the embedded SQLite file; unused with `databaseUrl`. */
  dataDir: string;
  /** A `postgres://` URL; the data then lives in that database instead. */
  databaseUrl?: string | undefined;
  /** Most PostgreSQL connections at once; 10 by default. */
  poolSize?: number | undefined;
  /** An idle PostgreSQL connection failed; the pool replaces it. */
  onError?: ((error: Error) => void) | undefined;
}

export const DEFAULT_POOL_SIZE = 10;

/**
 * Opens the database and brings its schema up to date. Both kinds run
 * the same migrations and the same queries (docs/OPERATIONS.md,
 * PostgreSQL).
 */
export async function openDatabase(opts: DatabaseOptions): Promise<Db> {
  if (opts.databaseUrl === undefined) return migrate(openSqlite(opts.dataDir), 'sqlite');
  const pool = createPool({
    url: opts.databaseUrl,
    size: opts.poolSize ?? DEFAULT_POOL_SIZE,
    ...(opts.onError && { onError: opts.onError }),
  });
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  return migrate({ db, where: redactDatabaseUrl(opts.databaseUrl) }, 'postgres');
}

interface Opened {
  db: Db;
  /** Names the database in errors, without secrets. */
  where: string;
}

/**
 * The embedded SQLite database in `dataDir`, created if needed.
 *
 * WAL lets readers run beside the single writer; synchronous=NORMAL keeps a
 * committed transaction across a process crash (only an OS crash or power
 * loss can drop the last ones), which is the trade-off the SQLite docs
 * recommend for WAL.
 */
function openSqlite(dataDir: string): Opened {
  makePrivateDir(dataDir);
  const file = path.join(dataDir, 'fleetlight.sqlite');
  makePrivateFile(file);
  const sqlite = new SQLite(file);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) });
  return { db, where: file };
}

async function migrate({ db, where }: Opened, dialect: Dialect): Promise<Db> {
  const migrator = new Migrator({ db, provider: migrationProvider(dialect) });
  const { error, results } = await migrator.migrateToLatest();
  const failed = results?.find((r) => r.status === 'Error');
  if (error || failed) {
    await db.destroy();
    const what = failed ? ` (migration ${failed.migrationName})` : '';
    throw new Error(`Could not migrate the database at ${where}${what}`, {
      cause: error,
    });
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
