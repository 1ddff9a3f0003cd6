/**
 * The server under test, in a process of its own so that its CPU time is
 * its own. The parent starts one variant, has it fed, and reads its CPU
 * and memory between steps.
 */
import type { AppOptions } from './app';
import { startBenchApp, type BenchApp } from './app';
import { baselineFanOut, type Baseline } from './baselines';
import type { FanOut } from './fanout';
import { fleetlightFanOut } from './fanout-fleetlight';
import { runFeed, type FeedShape } from './feed';
import { serve } from './rpc';

export type TargetKind = 'fleetlight' | Baseline | 'pipeline';

export interface StartArgs extends AppOptions {
  kind: TargetKind;
}

let fanOut: FanOut | undefined;
let pipeline: BenchApp | undefined;

serve({
  ping: () => true,
  async start(args: StartArgs) {
    if (args.kind === 'pipeline') {
      pipeline = await startBenchApp(args);
      return { url: pipeline.url };
    }
    fanOut =
      args.kind === 'fleetlight'
        ? await fleetlightFanOut(args)
        : await baselineFanOut(args.kind, args.port);
    return { url: fanOut.url };
  },
  feed(shape: FeedShape) {
    const target = fanOut;
    if (!target) throw new Error('start a fan-out before feeding it');
    return runFeed(shape, (u) => target.publish(u));
  },
  cpu() {
    const { user, system } = process.cpuUsage();
    return (user + system) / 1e6;
  },
  rss() {
    // Run with --expose-gc: memory read after a full collection.
    globalThis.gc?.();
    globalThis.gc?.();
    return process.memoryUsage().rss;
  },
  async close() {
    await fanOut?.close();
    await pipeline?.close();
    fanOut = pipeline = undefined;
  },
});
