import { describe, expect, it } from 'vitest';
import {
  floorToMinute,
  formatSeconds,
  fromZoned,
  toZoned,
} from '../../../lib/replay/zoned-time';

const CHICAGO = 'America/Chicago';

describe('toZoned', () => {
  it('shows the date and minute of the zone', () => {
    expect(toZoned(Date.parse('2026-07-01T21:05:59Z'), CHICAGO)).toEqual({
      date: '2026-07-01',
      time: '16:05',
    });
  });

  it('crosses midnight into the previous local day', () => {
    expect(toZoned(Date.parse('2026-01-02T03:00:00Z'), CHICAGO)).toEqual({
      date: '2026-01-01',
      time: '21:00',
    });
  });
});

describe('fromZoned', () => {
  it('turns a local minute in summer into UTC', () => {
    const t = fromZoned({ date: '2026-07-01', time: '16:00' }, CHICAGO);

    expect(new Date(t ?? 0).toISOString()).toBe('2026-07-01T21:00:00.000Z');
  });

  it('turns a local minute in winter into UTC', () => {
    const t = fromZoned({ date: '2026-01-15', time: '16:00' }, CHICAGO);

    expect(new Date(t ?? 0).toISOString()).toBe('2026-01-15T22:00:00.000Z');
  });

  it('answers the first of a minute the clocks repeat', () => {
    const t = fromZoned({ date: '2026-11-01', time: '01:30' }, CHICAGO);

    expect(new Date(t ?? 0).toISOString()).toBe('2026-11-01T06:30:00.000Z');
  });

  it('answers the minute just after a change that went back', () => {
    const t = fromZoned({ date: '2026-11-01', time: '03:00' }, CHICAGO);

    expect(new Date(t ?? 0).toISOString()).toBe('2026-11-01T09:00:00.000Z');
  });

  it('moves a skipped minute past the jump', () => {
    const t = fromZoned({ date: '2026-03-08', time: '02:30' }, CHICAGO);

    expect(new Date(t ?? 0).toISOString()).toBe('2026-03-08T08:30:00.000Z');
  });

  it('refuses malformed input', () => {
    expect(fromZoned({ date: '2026-13-01', time: '10:00' }, CHICAGO)).toBeUndefined();
    expect(fromZoned({ date: '2026-01-01', time: '7pm' }, CHICAGO)).toBeUndefined();
  });

  it('round-trips through toZoned in UTC', () => {
    const t = Date.parse('2026-05-05T05:05:00Z');

    expect(fromZoned(toZoned(t, 'UTC'), 'UTC')).toBe(t);
  });
});

describe('floorToMinute', () => {
  it('drops seconds and milliseconds', () => {
    expect(floorToMinute(Date.parse('2026-01-01T10:00:59.999Z'))).toBe(
      Date.parse('2026-01-01T10:00:00Z'),
    );
  });
});

describe('formatSeconds', () => {
  it('shows the time to the second with the zone of that date', () => {
    expect(formatSeconds(Date.parse('2026-07-01T21:05:09Z'), CHICAGO)).toBe(
      '16:05:09 CDT',
    );
  });
});
