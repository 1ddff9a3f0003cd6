import type { BenchEnv } from './env';
import type { Section } from './report';
import { bookoviaFanOut, w1FanOut } from './scenario-fanout';
import { connections } from './scenario-connections';
import { wholePipeline } from './scenario-pipeline';
import { twoNodes } from './scenario-two-nodes';

/** Every scenario, by the name BENCH_ONLY takes, in the order they run. */
export const SCENARIOS: Record<string, (env: BenchEnv) => Promise<Section>> = {
  w1: w1FanOut,
  bookovia: bookoviaFanOut,
  pipeline: wholePipeline,
  connections,
  'two-nodes': twoNodes,
};
