/** Unsent bytes a socket may hold before its positions wait (1 MiB). */
export const DEFAULT_MAX_BUFFERED_BYTES = 1 << 20;

/** Past this many times the bound, a socket is cut at once. */
export const CUT_FACTOR = 4;

/** Longest a socket may stay over the bound before it is cut, ms (default). */
export const MAX_HELD_MS = 30_000;

/**
 * What to do with a socket's next positions: `send` them; `hold` them
 * back (it is behind: the newest fix will do once it drains); `resume`,
 * it drained and needs every vehicle's newest fix before the next ones;
 * `cut` it, a slow consumer.
 */
export type Backlog = 'send' | 'hold' | 'resume' | 'cut';

/**
 * Bounded buffering for live sockets. Positions are latest-state, so a
 * socket that cannot keep up loses nothing by skipping fixes while it is
 * behind; a socket that stays behind, or falls far behind, holds memory
 * for nobody and is cut (docs/protocol.md, "Slow consumers").
 */
export class Backlogs<K> {
  private readonly heldSince = new Map<K, number>();

  constructor(
    private readonly maxBytes = DEFAULT_MAX_BUFFERED_BYTES,
    private readonly now: () => number = Date.now,
    private readonly maxHeldMs = MAX_HELD_MS,
  ) {}

  /** Judges a socket by the bytes it has not sent yet. */
  judge(key: K, buffered: number): Backlog {
    const since = this.heldSince.get(key);
    if (buffered > this.maxBytes * CUT_FACTOR) return this.cut(key);
    if (buffered > this.maxBytes) {
      if (since === undefined) this.heldSince.set(key, this.now());
      else if (this.now() - since > this.maxHeldMs) return this.cut(key);
      return 'hold';
    }
    if (since === undefined) return 'send';
    this.heldSince.delete(key);
    return 'resume';
  }

  /** Whether positions of the socket are being held back. */
  holding(key: K): boolean {
    return this.heldSince.has(key);
  }

  forget(key: K): void {
    this.heldSince.delete(key);
  }

  private cut(key: K): Backlog {
    this.heldSince.delete(key);
    return 'cut';
  }
}
