/**
 * Limits how often one key (a vehicle) is emitted, keeping the newest value:
 * the first offer goes out at once, later ones within the interval wait and
 * only the latest of them is sent when the interval ends. Positions are
 * latest-state, so a skipped intermediate fix loses nothing a map shows.
 */
export class LatestThrottle<T> {
  private readonly last = new Map<string, number>();
  private readonly pending = new Map<string, T>();
  private readonly timers = new Map<string, NodeJS.Timeout>();

  constructor(
    private readonly intervalMs: number,
    private readonly emit: (value: T) => void,
    private readonly now: () => number = Date.now,
  ) {}

  offer(key: string, value: T): void {
    if (this.intervalMs <= 0) return this.emit(value);
    const wait = (this.last.get(key) ?? -Infinity) + this.intervalMs - this.now();
    if (wait <= 0 && !this.timers.has(key)) {
      this.last.set(key, this.now());
      this.emit(value);
      return;
    }
    this.pending.set(key, value);
    if (this.timers.has(key)) return;
    const timer = setTimeout(() => this.release(key), Math.max(0, wait));
    this.timers.set(key, timer);
  }

  stop(): void {
    for (const t of this.timers.values()) clearTimeout(t);
    this.timers.clear();
    this.pending.clear();
  }

  private release(key: string): void {
    this.timers.delete(key);
    const value = this.pending.get(key);
    if (value === undefined) return;
    this.pending.delete(key);
    this.last.set(key, this.now());
    this.emit(value);
  }
}
