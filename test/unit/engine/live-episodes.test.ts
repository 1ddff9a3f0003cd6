import { describe, expect, it } from 'vitest';
import { createHarshBraking } from '../../../server/engine/detectors/harsh-braking';
import { LiveEpisodes, type LiveEvent } from '../../../server/engine/detectors/live';
import { createSpeeding } from '../../../server/engine/detectors/speeding';
import type { Sample } from '../../../server/engine/sample';
import { DEFAULTS, roundRobin, stopFrom, T0 } from './support/samples';

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

function feed(live: LiveEpisodes, samples: Sample[]): LiveEvent[] {
  return samples.flatMap((s) => live.step(s));
}

/** [seconds after T0, severity, continuation, duration] per report. */
function summary(events: LiveEvent[]) {
  return events.map(({ event, continuation }) => [
    (event.t - T0) / 1000,
    event.severity,
    continuation,
    event.eventData['duration'],
  ]);
}

describe('LiveEpisodes', () => {
  it('raises a lasting episode once it qualifies, then updates it to its end', () => {
    const live = new LiveEpisodes(createSpeeding(DEFAULTS.speeding));
    // 125 km/h from 0 s, 145 km/h (high) from 20 s, back under at 30 s.
    const events = feed(live, drive([125, 20], [145, 10], [100, 3]));

    // Raised the moment it reached 10 s, dated where it began.
    expect(summary(events)).toEqual([
      [0, 'low', false, 10],
      [20, 'high', true, 20],
      [30, 'high', true, 29],
    ]);
  });

  it('reports an episode still going once a minute, as one alert', () => {
    const live = new LiveEpisodes(createSpeeding(DEFAULTS.speeding));
    const events = feed(live, drive([125, 150]));

    expect(summary(events)).toEqual([
      [0, 'low', false, 10],
      [70, 'low', true, 70],
      [130, 'low', true, 130],
    ]);
  });

  it('marks reports ongoing until the episode ends', () => {
    const live = new LiveEpisodes(createSpeeding(DEFAULTS.speeding));
    const events = feed(live, drive([125, 75], [100, 1]));

    expect(events.map((e) => [e.continuation, e.ongoing])).toEqual([
      [false, true],
      [true, true],
      [true, false],
    ]);
  });

  it('ends a reported episode its detector drops, as it stood', () => {
    const live = new LiveEpisodes(createSpeeding(DEFAULTS.speeding));
    feed(live, drive([125, 30]));

    const ended = live.abandon(T0 + 30_000);
    expect(summary(ended)).toEqual([[30, 'low', true, 29]]);
    expect(ended[0]?.ongoing).toBe(false);
    expect(live.abandon(T0 + 31_000)).toEqual([]);
  });

  it('raises the next episode as a new alert', () => {
    const live = new LiveEpisodes(createSpeeding(DEFAULTS.speeding));
    const events = feed(live, drive([125, 12], [100, 3], [125, 12], [100, 3]));

    expect(events.map((e) => e.continuation)).toEqual([false, true, false, true]);
  });

  it('passes episodes of detectors with no ongoing state through as they close', () => {
    const live = new LiveEpisodes(createHarshBraking(DEFAULTS.harshBraking));
    const samples = roundRobin([50, 50, ...stopFrom(50, 18), 0, 0, 0]);
    const events = feed(live, samples);

    expect(events.length).toBeGreaterThan(0);
    expect(events.every((e) => !e.continuation)).toBe(true);
    expect(events[0]?.event.category).toBe('harsh_braking');
  });
});
