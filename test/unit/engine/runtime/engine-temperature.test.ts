import { describe, expect, it } from 'vitest';
import { EngineTemperature } from '../../../../server/engine/maintenance/engine-temperature';
import { DEFAULT_MAINTENANCE } from '../../../../server/engine/maintenance/types';
import { SECOND, T0 } from './support';

/** Feeds [seconds after T0, °C] readings; returns every finding. */
function run(readings: Array<[number, number | undefined]>) {
  const detector = new EngineTemperature(DEFAULT_MAINTENANCE);
  return readings.flatMap(([s, temp]) => detector.step(T0 + s * SECOND, temp));
}

/** The same reading every 10 s from `from` to `to` seconds. */
function hold(from: number, to: number, temp: number): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  for (let s = from; s <= to; s += 10) out.push([s, temp]);
  return out;
}

describe('EngineTemperature', () => {
  it('raises nothing for less than 60 s above 105 °C', () => {
    expect(run([...hold(0, 50, 110), ...hold(60, 120, 95)])).toEqual([]);
  });

  it('raises an alert once the coolant has stayed above 105 °C for 60 s', () => {
    const findings = run([
      [0, 106],
      [30, 109.04],
      [60, 107],
    ]);

    expect(findings).toEqual([
      {
        category: 'engine_overheating',
        severity: 'high',
        t: T0 + 60 * SECOND,
        eventData: { engine_temp_peak: 109, limit: 105 },
        recommendedActions: [
          'Stop the vehicle safely and let the engine cool',
          'Check coolant level',
        ],
      },
    ]);
  });

  it('does not count exactly 105 °C as above the limit', () => {
    expect(run(hold(0, 300, 105))).toEqual([]);
  });

  it('raises one alert per episode however long it lasts', () => {
    const findings = run(hold(0, 3600, 112));

    expect(findings.map((f) => f.t)).toEqual([T0 + 60 * SECOND]);
  });

  it('resolves once the coolant is back 5 °C under the limit', () => {
    const findings = run([...hold(0, 60, 108), [70, 100]]);

    expect(findings.map((f) => [f.t, f.resolved])).toEqual([
      [T0 + 60 * SECOND, undefined],
      [T0 + 70 * SECOND, true],
    ]);
  });

  it('reports the episode peak on the resolving finding', () => {
    const findings = run([
      [0, 106],
      [30, 111.26],
      [60, 107],
      [90, 99],
    ]);

    expect(findings[1]?.eventData).toEqual({ engine_temp_peak: 111.3, limit: 105 });
  });

  it('stays raised while the coolant is less than 5 °C under the limit', () => {
    const findings = run([...hold(0, 60, 108), ...hold(70, 600, 100.5)]);

    expect(findings).toHaveLength(1);
  });

  it('does not flap while a reading hovers at the limit', () => {
    const hovering: Array<[number, number]> = [];
    for (let s = 70; s <= 1800; s += 10) hovering.push([s, s % 20 === 0 ? 105.4 : 104.6]);

    const findings = run([...hold(0, 60, 108), ...hovering]);

    expect(findings.map((f) => f.t)).toEqual([T0 + 60 * SECOND]);
  });

  it('raises a new alert for a new episode after one resolved', () => {
    const findings = run([...hold(0, 60, 108), [70, 95], ...hold(80, 140, 108)]);

    expect(findings.map((f) => [f.t, f.resolved])).toEqual([
      [T0 + 60 * SECOND, undefined],
      [T0 + 70 * SECOND, true],
      [T0 + 140 * SECOND, undefined],
    ]);
  });

  it('starts the 60 s over when the coolant drops to the limit before an alert', () => {
    const findings = run([...hold(0, 30, 108), ...hold(40, 1200, 103), [1210, 108]]);

    expect(findings).toEqual([]);
  });

  it('ignores a missing reading', () => {
    expect(
      run([
        [0, 110],
        [30, undefined],
        [60, undefined],
      ]),
    ).toEqual([]);
  });
});
