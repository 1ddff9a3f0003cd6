import { describe, expect, it } from 'vitest';
import {
  addDays,
  localDate,
  serviceTimeToEpoch,
} from '../../../../server/engine/transit/service-clock';

const HOUR = 3600;

function iso(t: number): string {
  return new Date(t).toISOString();
}

describe('serviceTimeToEpoch', () => {
  it('reads 08:00 on a winter service date as 14:00 UTC', () => {
    expect(iso(serviceTimeToEpoch('2016-12-16', 8 * HOUR))).toBe(
      '2016-12-16T14:00:00.000Z',
    );
  });

  it('puts 25:10:00 at 01:10 on the next calendar day', () => {
    const t = serviceTimeToEpoch('2016-11-25', 25 * HOUR + 10 * 60);

    expect(iso(t)).toBe('2016-11-26T07:10:00.000Z');
    expect(localDate(t)).toBe('2016-11-26');
  });

  it('reads 08:00 as daylight time the day before clocks fall back', () => {
    expect(iso(serviceTimeToEpoch('2016-11-05', 8 * HOUR))).toBe(
      '2016-11-05T13:00:00.000Z',
    );
  });

  it('reads 08:00 as standard time on the day clocks fall back', () => {
    expect(iso(serviceTimeToEpoch('2016-11-06', 8 * HOUR))).toBe(
      '2016-11-06T14:00:00.000Z',
    );
  });

  it('reads 08:00 as daylight time on the day clocks spring forward', () => {
    expect(iso(serviceTimeToEpoch('2017-03-12', 8 * HOUR))).toBe(
      '2017-03-12T13:00:00.000Z',
    );
  });

  it('counts elapsed time across the repeated hour after midnight', () => {
    const before = serviceTimeToEpoch('2016-11-05', 25 * HOUR + 30 * 60);
    const after = serviceTimeToEpoch('2016-11-05', 26 * HOUR + 30 * 60);

    expect(iso(before)).toBe('2016-11-06T06:30:00.000Z');
    expect(iso(after)).toBe('2016-11-06T07:30:00.000Z');
  });
});

describe('addDays', () => {
  it('steps back across a month end', () => {
    expect(addDays('2016-12-01', -1)).toBe('2016-11-30');
  });
});
