/**
 * The two drivers' ways of saying "a unique index refused this row":
 * PostgreSQL's SQLSTATE 23505 (unique_violation) and better-sqlite3's
 * extended result code. A primary key counts as a unique index.
 */
const UNIQUE_CODES = new Set([
  '23505',
  'SQLITE_CONSTRAINT_UNIQUE',
  'SQLITE_CONSTRAINT_PRIMARYKEY',
]);

/** True when `error` is a duplicate key, from either database. */
export function isUniqueViolation(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' && UNIQUE_CODES.has(code);
}

/**
 * Runs `attempt` (one whole transaction) again once when it lost a race
 * for a unique key: another writer stored the row between our read and
 * our insert, so the second attempt reads it and takes the other path
 * (fold into it, replay it). On PostgreSQL the failed statement aborted
 * the transaction, so the retry must be a transaction of its own.
 */
export async function retryOnUniqueViolation<T>(attempt: () => Promise<T>): Promise<T> {
  try {
    return await attempt();
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    return attempt();
  }
}
