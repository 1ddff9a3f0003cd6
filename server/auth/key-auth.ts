import { deadCredentials, hashKey, type Credential } from '../db/key-rows';
import { findIngestGrant, type IngestGrant } from '../db/ingest-keys';
import type { Db } from '../db/open';
import { findPrincipal, type Principal } from './api-keys';

export interface KeyAuthOptions {
  /** How long a verified key is trusted without the database; default 30 s. */
  ttlMs?: number;
  /** Most keys remembered; the oldest go first. Default 100,000. */
  maxEntries?: number;
  now?: () => number;
}

type Entry =
  | { kind: 'api'; at: number; value: Principal; credential: string }
  | { kind: 'ingest'; at: number; value: IngestGrant; credential: string };

/**
 * Verifies presented keys with a short memory, so a reconnect storm of
 * thousands of clients costs one HMAC each rather than a database read.
 *
 * Remembered keys are found by their keyed hash, never by the secret. A
 * revocation on this node forgets the key at once (`forget`); one made by
 * another node on the same database is found by `recheck`, which the app
 * runs every few seconds, so neither waits for the TTL. Unknown keys are
 * never remembered: a key minted on another node works at once.
 */
export class KeyAuth {
  private readonly entries = new Map<string, Entry>();
  private readonly ttlMs: number;
  private readonly maxEntries: number;
  private readonly now: () => number;

  constructor(
    private readonly db: Db,
    opts: KeyAuthOptions = {},
  ) {
    this.ttlMs = opts.ttlMs ?? 30_000;
    this.maxEntries = opts.maxEntries ?? 100_000;
    this.now = opts.now ?? Date.now;
  }

  /** The principal of an API key (wall tokens included), or null. */
  async principal(key: string): Promise<Principal | null> {
    const hash = await hashKey(this.db, key);
    const hit = this.fresh(hash);
    if (hit?.kind === 'api') return hit.value;

    const principal = await findPrincipal(this.db, key);
    if (principal?.credential !== undefined) {
      this.remember({ kind: 'api', at: this.now(), value: principal, credential: hash });
    }
    return principal;
  }

  /** The grant of an ingest key, or null. */
  async ingestGrant(key: string): Promise<IngestGrant | null> {
    const hash = await hashKey(this.db, key);
    const hit = this.fresh(hash);
    if (hit?.kind === 'ingest') return hit.value;

    const grant = await findIngestGrant(this.db, key);
    if (grant)
      this.remember({ kind: 'ingest', at: this.now(), value: grant, credential: hash });
    return grant;
  }

  /** Forgets every secret of key `keyId`: it was just revoked or rotated here. */
  forget(keyId: string): void {
    for (const [hash, entry] of this.entries) {
      if (entry.value.keyId === keyId) this.entries.delete(hash);
    }
  }

  /**
   * Asks the database which remembered keys, and which of `live` (the
   * API-key credentials sessions hold open), no longer work. Forgets those
   * and returns the dead API-key credentials, for the caller to close.
   */
  async recheck(live: Iterable<Credential>): Promise<Set<string>> {
    const now = this.now();
    const api: Credential[] = [...live];
    const ingest: Credential[] = [];
    for (const [hash, entry] of this.entries) {
      if (now - entry.at >= this.ttlMs) {
        this.entries.delete(hash);
        continue;
      }
      const cred = { keyId: entry.value.keyId, credential: entry.credential };
      (entry.kind === 'api' ? api : ingest).push(cred);
    }

    const deadApi = await deadCredentials(this.db, 'api_keys', api);
    const deadIngest = await deadCredentials(this.db, 'ingest_keys', ingest);
    for (const hash of [...deadApi, ...deadIngest]) this.entries.delete(hash);
    return deadApi;
  }

  /** Keys remembered now; for tests and metrics. */
  get size(): number {
    return this.entries.size;
  }

  private fresh(hash: string): Entry | undefined {
    const entry = this.entries.get(hash);
    if (!entry) return undefined;
    if (this.now() - entry.at < this.ttlMs) return entry;
    this.entries.delete(hash);
    return undefined;
  }

  private remember(entry: Entry): void {
    if (this.entries.size >= this.maxEntries) {
      const oldest = this.entries.keys().next();
      if (!oldest.done) this.entries.delete(oldest.value);
    }
    this.entries.set(entry.credential, entry);
  }
}
