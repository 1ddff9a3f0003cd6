import type { ConnectArgs, DashboardStats } from './dashboards';
import { spawnChild, type Child } from './rpc';
import { GENERATOR_MAX_CPU, GENERATOR_MAX_LAG_P99_MS } from './env';
import { LatencyHistogram, procCpuSeconds, type GeneratorLoad } from './stats';
import type { StartArgs } from './target';

/** A server under test in its own process. */
export interface Target {
  child: Child;
  url: string;
  port: number;
  /** CPU seconds the process has used so far, read from /proc. */
  cpu(): number;
  close(): Promise<void>;
}

/** A target process with its modules loaded, not yet serving. */
export async function spawnTarget(): Promise<Child> {
  const child = spawnChild('./target.ts', ['--expose-gc']);
  await child.call('ping');
  return child;
}

/** Starts a variant, in `ready` (from spawnTarget) or a new process. */
export async function startTarget(args: StartArgs, ready?: Child): Promise<Target> {
  const child = ready ?? spawnChild('./target.ts', ['--expose-gc']);
  try {
    const { url } = await child.call<{ url: string }>('start', args);
    return {
      child,
      url,
      port: Number(new URL(url).port),
      cpu: () => procCpuSeconds(child.pid),
      async close() {
        await child.call('close').catch(() => {});
        await child.kill();
      },
    };
  } catch (error) {
    await child.kill();
    throw error;
  }
}

/** Dashboards spread over several processes, one source address each. */
export class Dashboards {
  private constructor(readonly children: Child[]) {}

  static spawn(processes: number): Dashboards {
    const children = Array.from({ length: processes }, () =>
      spawnChild('./dashboards.ts'),
    );
    return new Dashboards(children);
  }

  /** Connects client j of `fleets` in process j mod n; resolves with how many are live. */
  async connect(args: Omit<ConnectArgs, 'fleets' | 'localAddress'>, fleets: string[]) {
    const n = this.children.length;
    const live = await Promise.all(
      this.children.map((c, k) =>
        c.call<{ live: number }>('connect', {
          ...args,
          fleets: fleets.filter((_, j) => j % n === k),
          localAddress: `127.0.0.${11 + k}`,
        }),
      ),
    );
    return live.reduce((sum, l) => sum + l.live, 0);
  }

  async count(): Promise<number> {
    const counts = await Promise.all(this.children.map((c) => c.call<number>('count')));
    return counts.reduce((a, b) => a + b, 0);
  }

  /** Waits until `expected` positions came, or none came for `quietMs`. */
  async drain(expected: number, quietMs = 2000, maxMs = 30_000): Promise<void> {
    const start = Date.now();
    let last = -1;
    let since = Date.now();
    for (;;) {
      const n = await this.count();
      if (n >= expected || Date.now() - start > maxMs) return;
      if (n !== last) [last, since] = [n, Date.now()];
      else if (Date.now() - since > quietMs) return;
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  reset(): Promise<unknown> {
    return Promise.all(this.children.map((c) => c.call('reset')));
  }

  async stats(): Promise<Collected> {
    const all = await Promise.all(
      this.children.map((c) => c.call<DashboardStats>('stats')),
    );
    const latency = new LatencyHistogram();
    for (const s of all)
      for (const [ms, n] of s.latency) latency.counts[ms] = (latency.counts[ms] ?? 0) + n;
    const sum = (f: (s: DashboardStats) => number) => all.reduce((a, s) => a + f(s), 0);
    return {
      live: sum((s) => s.live),
      updates: sum((s) => s.updates),
      duplicates: sum((s) => s.duplicates),
      frames: sum((s) => s.frames),
      bytes: sum((s) => s.bytes),
      latency,
      loads: all.map((s) => s.load),
    };
  }

  /** Drops every client, keeping the processes for the next run. */
  async disconnect(): Promise<void> {
    await Promise.all(this.children.map((c) => c.call('close').catch(() => {})));
  }

  async close(): Promise<void> {
    await this.disconnect();
    await Promise.all(this.children.map((c) => c.kill()));
  }
}

export interface Collected {
  live: number;
  updates: number;
  duplicates: number;
  frames: number;
  bytes: number;
  latency: LatencyHistogram;
  loads: GeneratorLoad[];
}

/** Whether no generator process was the bottleneck; the reason when one was. */
export function generatorVerdict(loads: readonly GeneratorLoad[]): string | null {
  for (const l of loads) {
    if (l.cpu > GENERATOR_MAX_CPU) return `generator CPU ${(100 * l.cpu).toFixed(0)} %`;
    if (l.lagP99Ms > GENERATOR_MAX_LAG_P99_MS) {
      return `generator loop lag p99 ${l.lagP99Ms.toFixed(0)} ms`;
    }
  }
  return null;
}

/** The worst generator figures, for the table. */
export function worstLoad(loads: readonly GeneratorLoad[]): GeneratorLoad {
  return {
    cpu: Math.max(0, ...loads.map((l) => l.cpu)),
    lagP99Ms: Math.max(0, ...loads.map((l) => l.lagP99Ms)),
  };
}
