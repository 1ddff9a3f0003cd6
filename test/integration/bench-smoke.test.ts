import { describe, expect, it } from 'vitest';
import type { BenchEnv } from '../../bench/server/env';
import { SCENARIOS } from '../../bench/server/scenarios';

/**
 * Every server benchmark at a tenth of its load and a few seconds a run:
 * each position owed to a dashboard arrives once, whatever the timings.
 * Nothing here is timed; a slow machine makes runs INVALID, not failed.
 */
const SMOKE: BenchEnv = {
  scale: 0.1,
  seconds: 3,
  rounds: 1,
  steps: 2,
  only: [],
  resultsDir: '',
  serverEnv: {},
};

describe('npm run bench:server, smoke', () => {
  for (const [name, scenario] of Object.entries(SCENARIOS)) {
    it(`${name} delivers every position once`, { timeout: 120_000 }, async () => {
      const section = await scenario(SMOKE);

      // A loaded machine makes runs INVALID; that is reported, not failed.
      expect(section.invalid.every((why) => why.includes('generator'))).toBe(true);
      for (const check of section.checks) {
        expect({
          run: check.run,
          delivered: check.delivered,
          duplicates: check.duplicates,
        }).toEqual({ run: check.run, delivered: check.expected, duplicates: 0 });
      }
      if (name !== 'two-nodes') expect(section.checks.length).toBeGreaterThan(0);
      if (name === 'two-nodes' && section.checks.length > 0) {
        // Node B follows only the fleets it has viewers of; node A none.
        const quiet = section.goals.find((g) => g.text.startsWith('no message read'));
        expect(quiet).toMatchObject({ met: true });
      }
    });
  }
});
