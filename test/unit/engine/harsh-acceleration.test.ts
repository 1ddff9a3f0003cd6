import { describe, expect, it } from 'vitest';
import { createHarshAcceleration } from '../../../server/engine/detectors/harsh-acceleration';
import { DEFAULTS, roundRobin, run, T0 } from './support/samples';

const accelerating = () => createHarshAcceleration(DEFAULTS.harshAcceleration);

describe('createHarshAcceleration', () => {
  it('raises one event for a hard pull-away through a gear change', () => {
    // The 22 → 23 reading is the shift: one weak step, bridged.
    const speeds = [0, 0, 10, 22, 23, 35, 47, 50, 51, 52, 53];
    const events = run(accelerating(), roundRobin(speeds));

    expect(events).toEqual([
      {
        category: 'harsh_acceleration',
        severity: 'low',
        t: T0,
        eventData: {
          acceleration: 0.34,
          speed_before: 0,
          speed_after: 47,
          duration: 6,
          peak_mps2: 3.33,
        },
      },
    ]);
  });

  it('ignores a steady 1 km/h per second speed-up', () => {
    const speeds = Array.from({ length: 60 }, (_, i) => 30 + i);

    expect(run(accelerating(), roundRobin(speeds))).toEqual([]);
  });

  it('does not fire on one hard reading pair', () => {
    expect(run(accelerating(), roundRobin([30, 31, 45, 46, 47, 47]))).toEqual([]);
  });

  it('grades severity by the peak and tops out at high', () => {
    const severities = [10, 12, 16, 24].map((kmhPerS) => {
      const speeds = [0, kmhPerS, 2 * kmhPerS, 3 * kmhPerS, 3 * kmhPerS];
      return run(accelerating(), roundRobin(speeds)).map((e) => e.severity);
    });

    expect(severities).toEqual([[], ['low'], ['medium'], ['high']]);
  });

  it('ends the episode when the car brakes as hard the other way', () => {
    const speeds = [0, 12, 24, 14, 26, 38, 38];
    const events = run(accelerating(), roundRobin(speeds));

    expect(events.map((e) => [(e.t - T0) / 1000, e.eventData.speed_after])).toEqual([
      [0, 24],
      [3, 38],
    ]);
  });
});
