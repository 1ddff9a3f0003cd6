import { describe, expect, it } from 'vitest';
import { createSpeedSeries } from '../../../server/engine/detectors/speed-series';
import { DEFAULTS, roundRobin, T0 } from './support/samples';

const series = () => createSpeedSeries(DEFAULTS.harshBraking.series);

describe('createSpeedSeries', () => {
  it('passes one reading per refresh and skips the rows that carry it forward', () => {
    const s = series();
    const kinds = roundRobin([50, 48]).map((sample) => s.push(sample).kind);

    expect(kinds).toEqual([
      'reading',
      ...Array(9).fill('none'),
      'step',
      ...Array(9).fill('none'),
    ]);
  });

  it('measures a step from the first appearance of the previous value', () => {
    const s = series();
    const updates = roundRobin([50, 50, 50, 47]).map((sample) => s.push(sample));
    const steps = updates.flatMap((u) => (u.kind === 'step' ? [u.step] : []));

    expect(steps).toHaveLength(1);
    expect(steps[0]?.from).toEqual({ t: T0, speedKmh: 50 });
    expect(steps[0]?.to).toEqual({ t: T0 + 3000, speedKmh: 47 });
    expect(steps[0]?.accelMps2).toBeCloseTo(-3 / 3.6 / 3, 10);
  });

  it('never makes a reading out of a value held for a minute', () => {
    const s = series();
    const kinds = roundRobin(Array(60).fill(80)).map((sample) => s.push(sample).kind);

    expect(kinds.filter((k) => k !== 'none')).toEqual(['reading']);
  });

  it('measures over at least 0.7 s, so 1 km/h jitter every 100 ms stays small', () => {
    const s = series();
    const jitter = Array.from({ length: 30 }, (_, i) => ({
      t: T0 + i * 100,
      speedKmh: i % 2 === 0 ? 60 : 59,
    }));
    const accels = jitter.flatMap((sample) => {
      const u = s.push(sample);
      return u.kind === 'step' ? [Math.abs(u.step.accelMps2)] : [];
    });

    expect(accels).toHaveLength(23);
    expect(Math.max(...accels)).toBeCloseTo(1 / 3.6 / 0.7, 10);
  });

  it('rejects an impossible drop, counts it and restarts the series after it', () => {
    const s = series();
    const kinds = [
      { t: T0, speedKmh: 29 },
      { t: T0 + 100, speedKmh: 16 },
      { t: T0 + 2100, speedKmh: 16 },
      { t: T0 + 4200, speedKmh: 9 },
      { t: T0 + 6300, speedKmh: 10 },
    ].map((sample) => s.push(sample).kind);

    expect(kinds).toEqual(['reading', 'rejected', 'none', 'reading', 'step']);
    expect(s.rejected).toBe(1);
  });

  it('keeps a hard stop that tyres can still deliver', () => {
    const s = series();
    s.push({ t: T0, speedKmh: 100 });
    const u = s.push({ t: T0 + 1000, speedKmh: 58 });

    expect(u.kind).toBe('step');
    expect(s.rejected).toBe(0);
  });

  it('skips samples with no speed, a negative speed or a time not after the last', () => {
    const s = series();
    s.push({ t: T0, speedKmh: 40 });
    const kinds = [
      { t: T0 + 1000 },
      { t: T0 + 1000, speedKmh: -1 },
      { t: T0, speedKmh: 30 },
      { t: T0 + 1000, speedKmh: Number.NaN },
    ].map((sample) => s.push(sample).kind);

    expect(kinds).toEqual(['none', 'none', 'none', 'none']);
  });

  it('carries the position of the readings into the step', () => {
    const s = series();
    s.push({ t: T0, speedKmh: 40, lat: 42.28, lon: -83.74 });
    const u = s.push({ t: T0 + 1000, speedKmh: 30, lat: 42.281, lon: -83.741 });

    expect(u.kind === 'step' && u.step.from).toEqual({
      t: T0,
      speedKmh: 40,
      lat: 42.28,
      lon: -83.74,
    });
  });
});
