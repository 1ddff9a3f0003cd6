/**
 * Counts the local viewers of each fleet (Socket.IO sockets, Bookovia
 * sessions, long polls) and says when a fleet gains its first and when it
 * has had none for `lingerMs`. The linger keeps a fleet watched between
 * two long polls, or across a page reload, instead of loading its past
 * again from Redis each time.
 */
export class Watchers {
  private readonly counts = new Map<string, number>();
  private readonly idle = new Map<string, NodeJS.Timeout>();

  constructor(
    private readonly lingerMs: number,
    private readonly onIdle: (fleetId: string) => void,
  ) {}

  /** Adds a viewer; true when the fleet had none and was not lingering. */
  hold(fleetId: string): boolean {
    const timer = this.idle.get(fleetId);
    if (timer) {
      clearTimeout(timer);
      this.idle.delete(fleetId);
    }
    const n = this.counts.get(fleetId) ?? 0;
    this.counts.set(fleetId, n + 1);
    return n === 0 && timer === undefined;
  }

  release(fleetId: string): void {
    const n = (this.counts.get(fleetId) ?? 0) - 1;
    if (n > 0) {
      this.counts.set(fleetId, n);
      return;
    }
    this.counts.set(fleetId, 0);
    const timer = setTimeout(() => {
      this.idle.delete(fleetId);
      this.counts.delete(fleetId);
      this.onIdle(fleetId);
    }, this.lingerMs);
    timer.unref();
    this.idle.set(fleetId, timer);
  }

  /** Whether a fleet has a viewer, or had one within the linger. */
  watched(fleetId: string): boolean {
    return this.counts.has(fleetId);
  }

  close(): void {
    for (const t of this.idle.values()) clearTimeout(t);
    this.idle.clear();
    this.counts.clear();
  }
}
