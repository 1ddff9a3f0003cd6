import pg from 'pg';

/** pg's type ids (`pg_type.oid`) that Fleetlight reads differently. */
const INT8_OID = 20;

export interface PoolOptions {
  /** A `postgres://` or `postgresql://` URL. */
  url: string;
  /** Most connections held open at once. */
  size: number;
  /** An idle connection failed (the server restarted, the network dropped). */
  onError?: (error: Error) => void;
}

/**
 * A pg pool that reads rows as the SQLite driver does. pg answers int8
 * (`bigint` columns, `count(*)`) as strings, since not every int8 fits a
 * JavaScript number; ours are counts and epoch milliseconds, far below
 * 2^53, so they are read as numbers, and a value that would lose digits
 * fails its query instead of coming back rounded. The parsers belong to
 * this pool alone: pg's global registry is left as it is.
 */
export function createPool(opts: PoolOptions): pg.Pool {
  const pool = new pg.Pool({
    connectionString: opts.url,
    max: opts.size,
    // A server that does not answer stops the start instead of hanging it.
    connectionTimeoutMillis: 10_000,
    types: { getTypeParser },
  });
  // A connection that drops emits 'error' on its client, and an 'error'
  // event without a listener ends the process. The pool listens only to
  // idle clients (and re-emits on itself); a client lent to a query is
  // heard here, its query failing on its own. The pool then discards it.
  pool.on('connect', (client) => {
    client.on('error', (error) => opts.onError?.(error));
  });
  pool.on('error', () => {
    // Already reported by the client's own listener above.
  });
  return pool;
}

const getTypeParser = ((oid: number, format?: 'text' | 'binary') =>
  oid === INT8_OID && format !== 'binary'
    ? parseInt8
    : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser;

function parseInt8(text: string): number {
  const n = Number(text);
  if (!Number.isSafeInteger(n)) {
    throw new RangeError(`The bigint ${text} does not fit a JavaScript number`);
  }
  return n;
}

/** Query parameters of a libpq URL that carry secrets. */
const SECRET_PARAMS = ['password', 'sslpassword', 'sslkey'];

/**
 * The URL with its password (and any secret query parameter) replaced,
 * for logs and error messages: `postgres://app:[redacted]@db:5432/fleet`.
 */
export function redactDatabaseUrl(url: string): string {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return '[unparsable database URL]';
  }
  if (u.password !== '') u.password = '[redacted]';
  for (const name of SECRET_PARAMS) {
    if (u.searchParams.has(name)) u.searchParams.set(name, '[redacted]');
  }
  return u.toString().replace(/%5Bredacted%5D/gi, '[redacted]');
}
