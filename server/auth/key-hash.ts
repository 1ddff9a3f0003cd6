import { createHash, createHmac } from 'node:crypto';
import type { Db } from '../db/open';
import { sharedSecret } from '../db/secrets';

/**
 * Keys are stored as HMAC-SHA256 under a server secret, so a copy of the
 * database alone cannot be used to test guesses, nor matched against a
 * table of hashes. The secret is KEY_HASH_SECRET when set; otherwise one
 * generated once and kept in the database, shared by every node on it.
 */
const SECRET_NAME = 'key_hash';

/** Shortest KEY_HASH_SECRET accepted: an HMAC key below the hash size weakens it. */
export const MIN_KEY_SECRET_BYTES = 32;

const secrets = new WeakMap<Db, Promise<Buffer>>();

/**
 * Pins the secret of `db` to the configured one. Without a call, the
 * first hash reads (or creates) the secret stored in the database.
 */
export function pinKeySecret(db: Db, secret: string | undefined): void {
  if (secret === undefined) return;
  secrets.set(db, Promise.resolve(Buffer.from(secret, 'utf8')));
}

/** The secret keys of `db` are hashed with; read once per database. */
export function keySecret(db: Db): Promise<Buffer> {
  const known = secrets.get(db);
  if (known) return known;
  const loading = sharedSecret(db, SECRET_NAME);
  secrets.set(db, loading);
  // A failed read is retried by the next caller, not remembered.
  loading.catch(() => secrets.delete(db));
  return loading;
}

/** The stored form of a key: hex HMAC-SHA256 under the server secret. */
export function keyedHash(secret: Buffer, key: string): string {
  return createHmac('sha256', secret).update(key, 'utf8').digest('hex');
}

/**
 * The plain SHA-256 that stored keys before the keyed hash. A row still
 * holding one is rewritten to the keyed hash the first time its key is
 * presented (server/db/api-keys.ts).
 */
export function legacyHash(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}
