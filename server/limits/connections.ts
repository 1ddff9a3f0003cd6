/** Gives back a connection slot; calling it again does nothing. */
export type Release = () => void;

/**
 * Open connections per API key on this node, across Bookovia, Socket.IO
 * and long polling, so one leaked or hostile key cannot hold every socket
 * the process can afford. A refused connection holds no slot.
 */
export class ConnectionLimit {
  private readonly open = new Map<string, number>();

  constructor(readonly perKey: number) {}

  /** A slot for `keyId`, or null when the key already holds `perKey`. */
  acquire(keyId: string): Release | null {
    const held = this.open.get(keyId) ?? 0;
    if (held >= this.perKey) return null;
    this.open.set(keyId, held + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const now = (this.open.get(keyId) ?? 1) - 1;
      if (now === 0) this.open.delete(keyId);
      else this.open.set(keyId, now);
    };
  }

  /** How many connections `keyId` holds now. */
  count(keyId: string): number {
    return this.open.get(keyId) ?? 0;
  }
}

/** What a client waits before a refused connection is worth retrying. */
export const CONNECTION_RETRY_AFTER_S = 5;
