import { describe, expect, it } from 'vitest';
import { createHarshBraking } from '../../../server/engine/detectors/harsh-braking';
import { DEFAULTS, roundRobin, run, stopFrom, T0 } from './support/samples';

const braking = () => createHarshBraking(DEFAULTS.harshBraking);

describe('createHarshBraking', () => {
  it('raises one event for a sustained stop, with the spec eventData', () => {
    const events = run(braking(), roundRobin([80, 72, 60, 45, 30, 15, 5, 0, 0, 0, 0, 0]));

    expect(events).toEqual([
      {
        category: 'harsh_braking',
        severity: 'medium',
        t: T0,
        eventData: {
          deceleration: -0.425,
          speed_before: 80,
          speed_after: 0,
          duration: 7,
          peak_mps2: -4.17,
        },
      },
    ]);
  });

  it('reports the stop once the car has stood still for 3 s, not when it moves off', () => {
    const detector = braking();
    const samples = roundRobin([60, 45, 30, 15, 0, 0, 0, 0, 0, 0]);
    const firedAt = samples.filter((s) => detector.step(s).length > 0).map((s) => s.t);

    expect(firedAt).toEqual([T0 + 7100]);
  });

  it('ignores a steady 1 km/h per second slow-down, the size of one quantisation step', () => {
    const speeds = Array.from({ length: 60 }, (_, i) => 90 - i);

    expect(run(braking(), roundRobin(speeds))).toEqual([]);
  });

  it('ignores 1 km/h jitter on fresh rows every 100 ms', () => {
    const jitter = Array.from({ length: 100 }, (_, i) => ({
      t: T0 + i * 100,
      speedKmh: i % 2 === 0 ? 50 : 49,
      engineRpm: 1500,
    }));

    expect(run(braking(), jitter)).toEqual([]);
  });

  it('does not read carried-forward rows as readings, which would be 8 m/s²', () => {
    // 3 km/h a second is 0.085 g; row to row it would look like 3 km/h in 0.1 s.
    const speeds = [60, 57, 54, 51, 48, 45, 42, 39];

    expect(run(braking(), roundRobin(speeds))).toEqual([]);
  });

  it('does not fire on one harsh reading pair between gentle ones', () => {
    const events = run(braking(), roundRobin([70, 69, 50, 49, 48, 48, 48, 48]));

    expect(events).toEqual([]);
  });

  it('treats an impossible drop as bad data, not as braking', () => {
    const events = run(braking(), roundRobin([80, 80, 0, 80, 80, 80]));

    expect(events).toEqual([]);
  });

  it('grades severity by the peak: 0.3, 0.4, 0.5 and 0.6 g', () => {
    const severities = [9, 11, 15, 19, 24].map((kmhPerS) => {
      const events = run(braking(), roundRobin([...stopFrom(72, kmhPerS), 0, 0, 0, 0]));
      return events.map((e) => [e.severity, e.eventData.deceleration]);
    });

    expect(severities).toEqual([
      [],
      [['low', -0.312]],
      [['medium', -0.425]],
      [['high', -0.538]],
      [['critical', -0.68]],
    ]);
  });

  it('raises one event per episode for two stops apart', () => {
    const speeds = [...stopFrom(60, 15), ...Array(10).fill(0), 10, 20, 30, 40, 50];
    const events = run(braking(), roundRobin([...speeds, ...stopFrom(50, 15)]));

    expect(events.map((e) => [(e.t - T0) / 1000, e.eventData.speed_before])).toEqual([
      [0, 60],
      [19, 50],
    ]);
  });

  it('follows per-fleet thresholds', () => {
    const strict = createHarshBraking({
      ...DEFAULTS.harshBraking,
      tiersG: { medium: 0.2 },
    });
    const events = run(strict, roundRobin([...stopFrom(40, 8), 0, 0, 0, 0]));

    expect(events.map((e) => e.severity)).toEqual(['medium']);
  });
});
