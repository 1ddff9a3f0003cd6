import type { Vehicle } from '../fleet/vehicle';

/**
 * Folds a batch of updates into `vehicles`, in place: per vehicle the
 * newest device time wins, so a late or repeated fix never moves a
 * vehicle back. Returns the fixes that won, in batch order (empty when
 * nothing changed). In place because a fleet of 10k–50k vehicles is
 * merged several times a second: copying it each time cost more than
 * everything else a batch does (docs/BENCHMARKS.md, "Map").
 */
export function mergeInto(
  vehicles: Record<string, Vehicle>,
  updates: Iterable<Vehicle>,
): Vehicle[] {
  const won: Vehicle[] = [];
  for (const u of updates) {
    const have = vehicles[u.id];
    if (have && have.deviceTime >= u.deviceTime) continue;
    vehicles[u.id] = u;
    won.push(u);
  }
  // A fix a later one in the same batch overtook lost after all.
  return won.filter((u) => vehicles[u.id] === u);
}

/**
 * Absorbs bursts before React sees them: updates wait in a map (latest
 * device time per vehicle) and reach `flush` at most once per interval.
 */
export class Coalescer {
  private pending = new Map<string, Vehicle>();
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly flush: (batch: Vehicle[]) => void,
    private readonly intervalMs = 200,
  ) {}

  push(v: Vehicle): void {
    const have = this.pending.get(v.id);
    if (!have || have.deviceTime < v.deviceTime) this.pending.set(v.id, v);
    this.timer ??= setTimeout(() => this.drain(), this.intervalMs);
  }

  drain(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (this.pending.size === 0) return;
    const batch = [...this.pending.values()];
    this.pending = new Map();
    this.flush(batch);
  }

  dispose(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.pending.clear();
  }
}

/** The part of `document` that says whether the page is on screen. */
export interface VisibilitySource {
  readonly visibilityState: DocumentVisibilityState;
  addEventListener(type: 'visibilitychange', listener: () => void): void;
  removeEventListener(type: 'visibilitychange', listener: () => void): void;
}

/**
 * Flushes a coalescer the moment a hidden page comes back. Browsers
 * throttle a background tab's timers to about once a minute, so without
 * this the first frame after a long absence would wait for the throttled
 * timer. The backlog is one fix per vehicle already (the coalescer keeps
 * only the newest), so catching up is one store update, not a replay of
 * every missed fix (field case C30). Returns the unsubscribe.
 */
export function drainWhenVisible(
  coalescer: Pick<Coalescer, 'drain'>,
  page: VisibilitySource,
): () => void {
  const onChange = () => {
    if (page.visibilityState === 'visible') coalescer.drain();
  };
  page.addEventListener('visibilitychange', onChange);
  return () => page.removeEventListener('visibilitychange', onChange);
}
