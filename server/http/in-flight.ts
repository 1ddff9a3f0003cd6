import type http from 'node:http';

/**
 * The HTTP requests being served, so a shutdown can wait for them to be
 * answered before it closes what they use (the database, the position
 * writer). Long polls are not waited for: they are answered at once.
 */
export class InFlight {
  private readonly open = new Set<http.ServerResponse>();
  private idle: (() => void) | undefined;

  get size(): number {
    return this.open.size;
  }

  /** Counts `res` until it is sent or its client goes away. */
  track(res: http.ServerResponse): void {
    this.open.add(res);
    res.once('close', () => {
      this.open.delete(res);
      if (this.open.size === 0) this.idle?.();
    });
  }

  /**
   * Asks every client still waiting for an answer to close its connection
   * after it: a balancer would otherwise send its next request here.
   */
  closeAfter(): void {
    for (const res of this.open) {
      if (!res.headersSent) res.setHeader('Connection', 'close');
    }
  }

  /**
   * Resolves once every request is answered, or after `withinMs`
   * (whichever comes first); true when none was left behind.
   */
  settled(withinMs: number): Promise<boolean> {
    if (this.open.size === 0) return Promise.resolve(true);
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.idle = undefined;
        resolve(false);
      }, withinMs);
      this.idle = () => {
        clearTimeout(timer);
        this.idle = undefined;
        resolve(true);
      };
    });
  }
}
