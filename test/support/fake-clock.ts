import type { Clock } from '../../server/notify/clock';

interface Timer {
  at: number;
  fn: () => void;
}

/**
 * A clock that moves only when told. Timers fall due as `advance` passes
 * them; one set for now or earlier runs on the next turn of the loop.
 */
export class FakeClock implements Clock {
  private readonly timers = new Set<Timer>();

  constructor(private t: number) {}

  now(): number {
    return this.t;
  }

  after(ms: number, fn: () => void): () => void {
    if (ms <= 0) {
      const immediate = setImmediate(fn);
      return () => clearImmediate(immediate);
    }
    const timer = { at: this.t + ms, fn };
    this.timers.add(timer);
    return () => this.timers.delete(timer);
  }

  /** When the earliest timer falls due; undefined with none set. */
  nextTimer(): number | undefined {
    const ats = [...this.timers].map((t) => t.at);
    return ats.length > 0 ? Math.min(...ats) : undefined;
  }

  /** Moves time on by `ms`, running each timer that falls due, in order. */
  advance(ms: number): void {
    this.t += ms;
    const due = [...this.timers]
      .filter((t) => t.at <= this.t)
      .sort((a, b) => a.at - b.at);
    for (const timer of due) {
      this.timers.delete(timer);
      timer.fn();
    }
  }

  /** Moves time to the earliest timer and runs it. */
  advanceToNextTimer(): void {
    const at = this.nextTimer();
    if (at === undefined) throw new Error('no timer is set');
    this.advance(at - this.t);
  }
}
