import fs from 'node:fs';
import { monitorEventLoopDelay } from 'node:perf_hooks';

/** Latencies in whole milliseconds up to a minute; later ones share the top bucket. */
export const LATENCY_BUCKETS = 60_001;

export class LatencyHistogram {
  readonly counts: number[];

  constructor(counts?: readonly number[]) {
    this.counts = counts ? [...counts] : new Array<number>(LATENCY_BUCKETS).fill(0);
  }

  add(ms: number): void {
    const i = Math.min(LATENCY_BUCKETS - 1, Math.max(0, Math.round(ms)));
    this.counts[i] = (this.counts[i] ?? 0) + 1;
  }

  merge(other: { counts: readonly number[] }): void {
    other.counts.forEach((n, i) => (this.counts[i] = (this.counts[i] ?? 0) + n));
  }

  get total(): number {
    return this.counts.reduce((a, b) => a + b, 0);
  }

  /** The q-quantile in ms (q in [0, 1]); NaN when empty. */
  quantile(q: number): number {
    const total = this.total;
    if (total === 0) return NaN;
    const rank = Math.ceil(q * total);
    let seen = 0;
    for (let i = 0; i < this.counts.length; i++) {
      seen += this.counts[i] ?? 0;
      if (seen >= rank) return i;
    }
    return LATENCY_BUCKETS - 1;
  }
}

/** A process's CPU seconds (user + system) from /proc, for processes we did not write. */
export function procCpuSeconds(pid: number): number {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  // Fields after the command name, which may itself hold spaces.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticks = Number(fields[11]) + Number(fields[12]);
  return ticks / 100;
}

/** How loaded a load generator is: its own CPU share and event-loop lag. */
export interface GeneratorLoad {
  /** CPU seconds per wall second, 1 = one core. */
  cpu: number;
  lagP99Ms: number;
}

/** Starts watching this process; `stop()` says how loaded it was since. */
export function watchLoad(): { stop(): GeneratorLoad } {
  const lag = monitorEventLoopDelay({ resolution: 10 });
  lag.enable();
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  return {
    stop() {
      lag.disable();
      const used = process.cpuUsage(cpu0);
      const wall = (performance.now() - t0) * 1000;
      return {
        cpu: (used.user + used.system) / Math.max(1, wall),
        lagP99Ms: lag.percentile(99) / 1e6,
      };
    },
  };
}

export const median = (xs: readonly number[]): number => {
  const s = [...xs].filter((x) => !Number.isNaN(x)).sort((a, b) => a - b);
  if (s.length === 0) return NaN;
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? (s[mid] ?? NaN) : ((s[mid - 1] ?? 0) + (s[mid] ?? 0)) / 2;
};
