import { describe, expect, it } from 'vitest';
import {
  LowFuel,
  ServiceDue,
} from '../../../../server/engine/maintenance/fuel-and-service';
import { DEFAULT_MAINTENANCE } from '../../../../server/engine/maintenance/types';
import { SECOND, T0 } from './support';

/** Feeds one reading every 10 s; returns [seconds, category] of each finding. */
function fuel(levels: Array<number | undefined>) {
  const detector = new LowFuel(DEFAULT_MAINTENANCE);
  return levels.flatMap((level, i) =>
    detector.step(T0 + i * 10 * SECOND, level).map((f) => [i * 10, f.category]),
  );
}

function service(odometers: number[]) {
  const detector = new ServiceDue(DEFAULT_MAINTENANCE);
  return odometers.flatMap((km, i) => detector.step(T0 + i * 10 * SECOND, km));
}

describe('LowFuel', () => {
  it('alerts when the fuel level drops under 10 %', () => {
    const detector = new LowFuel(DEFAULT_MAINTENANCE);
    detector.step(T0, 10);

    const findings = detector.step(T0 + 10 * SECOND, 9.5);

    expect(findings).toEqual([
      {
        category: 'low_fuel',
        severity: 'medium',
        t: T0 + 10 * SECOND,
        eventData: { fuel_level: 9.5, limit: 10 },
        recommendedActions: ['Refuel at the next opportunity'],
      },
    ]);
  });

  it('alerts once per episode while the level stays low', () => {
    expect(fuel([12, 9, 8, 7, 6, 5, 4])).toEqual([[10, 'low_fuel']]);
  });

  it('stays quiet when the level rises a little but not to 15 %', () => {
    expect(fuel([9, 12, 14.9, 9])).toEqual([[0, 'low_fuel']]);
  });

  it('alerts again after a refuel to 15 % or more', () => {
    expect(fuel([9, 60, 50, 9])).toEqual([
      [0, 'low_fuel'],
      [30, 'low_fuel'],
    ]);
  });

  it('ignores a missing reading', () => {
    expect(fuel([undefined, undefined])).toEqual([]);
  });
});

describe('ServiceDue', () => {
  it('is due when the odometer crosses 15 000 km', () => {
    const findings = service([14_999.6, 15_000.4]);

    expect(findings).toEqual([
      {
        category: 'service_due',
        severity: 'low',
        t: T0 + 10 * SECOND,
        eventData: { odometer: 15_000, service_every_km: 15_000 },
        recommendedActions: ['Schedule routine service'],
      },
    ]);
  });

  it('is due again on crossing each further interval', () => {
    const findings = service([14_990, 15_010, 20_000, 29_990, 30_010, 44_990, 45_010]);

    expect(findings.map((f) => f.eventData['odometer'])).toEqual([
      15_010, 30_010, 45_010,
    ]);
  });

  it('is not due on the first reading, whatever the odometer shows', () => {
    expect(service([31_000])).toEqual([]);
  });

  it('is not due while the odometer stays inside one interval', () => {
    expect(service([15_100, 20_000, 29_999])).toEqual([]);
  });
});
