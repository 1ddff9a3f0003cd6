import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import pg from 'pg';
import type { DatabaseOptions } from '../../server/db/open';

/**
 * Which database the test servers use: SQLite in their data directory,
 * or, with TEST_DATABASE=postgres, a fresh PostgreSQL database each,
 * created on TEST_POSTGRES_URL's server and dropped when the server's
 * data is. The database's URL is kept in the data directory, so a test
 * that restarts a server on the same DATA_DIR (or hands it to a child
 * process) reopens the same database.
 */
export const TEST_DATABASE =
  process.env['TEST_DATABASE'] === 'postgres' ? 'postgres' : 'sqlite';

/** The server the test databases are created on; its own database is left alone. */
export const TEST_POSTGRES_URL =
  process.env['TEST_POSTGRES_URL'] ?? 'postgres://postgres@127.0.0.1:5432/test';

const MARKER = 'database-url';

/** The database of `dataDir`, creating one when PostgreSQL is in use. */
export async function testDatabaseUrl(dataDir: string): Promise<string | undefined> {
  if (TEST_DATABASE === 'sqlite') return undefined;
  const kept = readMarker(dataDir);
  if (kept !== undefined) return kept;
  const url = await createTestDatabase();
  fs.writeFileSync(path.join(dataDir, MARKER), url, { mode: 0o600 });
  return url;
}

/** What `openDatabase` needs for `dataDir`, once testDatabaseUrl made it. */
export function testDatabaseOptions(dataDir: string): DatabaseOptions {
  return { dataDir, databaseUrl: readMarker(dataDir) };
}

/** Drops the PostgreSQL database of `dataDir`, if it has one. */
export async function dropDataDirDatabase(dataDir: string): Promise<void> {
  const url = readMarker(dataDir);
  if (url !== undefined) await dropTestDatabase(url);
}

/** A new, empty database; answers its URL. */
export async function createTestDatabase(): Promise<string> {
  const name = `fl_test_${randomBytes(6).toString('hex')}`;
  await admin(`create database ${name}`);
  const url = new URL(TEST_POSTGRES_URL);
  url.pathname = `/${name}`;
  return url.toString();
}

/** Drops a database createTestDatabase made, closing what is still connected. */
export async function dropTestDatabase(url: string): Promise<void> {
  const name = new URL(url).pathname.slice(1);
  if (!/^fl_test_[0-9a-f]{12}$/.test(name)) {
    throw new Error(`${name} is not a test database; refusing to drop it`);
  }
  await admin(`drop database if exists ${name} with (force)`);
}

/**
 * True when something listens at TEST_POSTGRES_URL's host and port. Used
 * to skip, outside CI only, the tests that need PostgreSQL.
 */
export async function postgresReachable(): Promise<boolean> {
  const u = new URL(TEST_POSTGRES_URL);
  return new Promise((resolve) => {
    const socket = net.connect({ host: u.hostname, port: Number(u.port || 5432) });
    socket.setTimeout(1000);
    const done = (up: boolean) => {
      socket.destroy();
      resolve(up);
    };
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
    socket.once('timeout', () => done(false));
  });
}

async function admin(statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: TEST_POSTGRES_URL });
  try {
    await client.connect();
  } catch (error) {
    throw new Error(
      `PostgreSQL at ${new URL(TEST_POSTGRES_URL).host} is unreachable: ` +
        'start it, point TEST_POSTGRES_URL at one, or unset TEST_DATABASE',
      { cause: error },
    );
  }
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

function readMarker(dataDir: string): string | undefined {
  try {
    return fs.readFileSync(path.join(dataDir, MARKER), 'utf8');
  } catch {
    return undefined;
  }
}
