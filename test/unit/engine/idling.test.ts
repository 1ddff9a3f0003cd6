import { describe, expect, it } from 'vitest';
import { createIdling } from '../../../server/engine/detectors/idling';
import type { Sample } from '../../../server/engine/sample';
import { DEFAULTS, run, T0 } from './support/samples';

const idling = () => createIdling(DEFAULTS.idling);

/** One sample every 10 s for `minutes`, from `from` ms after T0. */
function standing(minutes: number, reading: Omit<Sample, 't'>, from = 0): Sample[] {
  return Array.from({ length: minutes * 6 + 1 }, (_, i) => ({
    t: T0 + from + i * 10_000,
    ...reading,
  }));
}

const moving = (at: number): Sample => ({ t: T0 + at, speedKmh: 30, engineRpm: 1800 });

describe('createIdling', () => {
  it('raises one event with the idle time once the vehicle moves off', () => {
    const samples = [...standing(6, { speedKmh: 0, engineRpm: 800 }), moving(370_000)];

    expect(run(idling(), samples)).toEqual([
      { category: 'idling', severity: 'low', t: T0, eventData: { duration: 360 } },
    ]);
  });

  it('does not report an idle shorter than 5 minutes', () => {
    const samples = [...standing(4, { speedKmh: 0, engineRpm: 800 }), moving(250_000)];

    expect(run(idling(), samples)).toEqual([]);
  });

  it('never judges a vehicle that reports no rpm', () => {
    expect(run(idling(), standing(30, { speedKmh: 0 }))).toEqual([]);
  });

  it('does not count standing with the engine off', () => {
    expect(run(idling(), standing(30, { speedKmh: 0, engineRpm: 0 }))).toEqual([]);
  });

  it('keeps the episode across samples that lack rpm', () => {
    const samples = [
      ...standing(3, { speedKmh: 0, engineRpm: 800 }),
      ...standing(3, { speedKmh: 0 }, 185_000),
      ...standing(1, { speedKmh: 0, engineRpm: 800 }, 370_000),
    ];

    expect(run(idling(), samples).map((e) => e.eventData.duration)).toEqual([430]);
  });

  it('grades severity by idle time: 5, 15 and 30 minutes', () => {
    const severities = [5, 15, 30].map((minutes) =>
      run(idling(), standing(minutes, { speedKmh: 0, engineRpm: 800 })).map(
        (e) => e.severity,
      ),
    );

    expect(severities).toEqual([['low'], ['medium'], ['high']]);
  });

  it('dates the event where the idle began and keeps its position', () => {
    const at = { speedKmh: 0, engineRpm: 750, lat: 42.28, lon: -83.74 };
    const [event] = run(idling(), [moving(0), ...standing(5, at, 1000)]);

    expect(event).toMatchObject({ t: T0 + 1000, lat: 42.28, lon: -83.74 });
  });
});
