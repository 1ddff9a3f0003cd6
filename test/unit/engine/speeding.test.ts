import { describe, expect, it } from 'vitest';
import { createSpeeding } from '../../../server/engine/detectors/speeding';
import type { Sample } from '../../../server/engine/sample';
import { DEFAULTS, run, T0 } from './support/samples';

const speeding = () => createSpeeding(DEFAULTS.speeding);

/** One sample a second: each entry is [speed km/h, seconds held]. */
function drive(...legs: [number, number][]): Sample[] {
  const samples: Sample[] = [];
  for (const [speedKmh, seconds] of legs) {
    for (let i = 0; i < seconds; i++) {
      samples.push({ t: T0 + samples.length * 1000, speedKmh });
    }
  }
  return samples;
}

describe('createSpeeding', () => {
  it('raises one event with peak and duration once the episode ends', () => {
    const events = run(speeding(), drive([110, 5], [125, 8], [133, 4], [100, 5]));

    expect(events).toEqual([
      {
        category: 'speeding',
        severity: 'medium',
        t: T0 + 5000,
        eventData: { speed_limit: 120, peak_speed: 133, excess: 13, duration: 11 },
      },
    ]);
  });

  it('stays one episode while the speed hovers less than 5 km/h under the limit', () => {
    const samples = drive([125, 8], [116, 20], [125, 8], [90, 2]);
    const events = run(speeding(), samples);

    expect(events.map((e) => [e.t - T0, e.eventData.duration])).toEqual([[0, 35]]);
  });

  it('re-arms once the speed drops 5 km/h under the limit', () => {
    const samples = drive([125, 12], [114, 3], [125, 12], [90, 2]);
    const events = run(speeding(), samples);

    expect(events.map((e) => [e.t - T0, e.eventData.duration])).toEqual([
      [0, 11],
      [15_000, 11],
    ]);
  });

  it('ignores a burst over the limit shorter than 10 s', () => {
    expect(run(speeding(), drive([110, 5], [140, 10], [100, 5]))).toEqual([]);
  });

  it('grades severity by the peak excess: 0, 10, 20 and 40 km/h', () => {
    const severities = [121, 130, 140, 160].map((peak) =>
      run(speeding(), drive([peak, 20], [100, 1])).map((e) => e.severity),
    );

    expect(severities).toEqual([['low'], ['medium'], ['high'], ['critical']]);
  });

  it('closes an episode still open when the trip finishes', () => {
    const detector = speeding();
    const during = drive([130, 30]).flatMap((s) => detector.step(s));

    expect(during).toEqual([]);
    expect(detector.finish().map((e) => e.eventData.duration)).toEqual([29]);
  });

  it('uses the per-fleet limit', () => {
    const town = createSpeeding({ ...DEFAULTS.speeding, limitKmh: 50 });
    const events = run(town, drive([65, 15], [40, 1]));

    expect(events.map((e) => [e.severity, e.eventData.excess])).toEqual([['medium', 15]]);
  });
});
