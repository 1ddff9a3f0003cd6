import { describe, expect, it } from 'vitest';
import { formatClock } from '../../../../lib/fleet/format';

describe('formatClock', () => {
  // Field case C27: the zone's label must come with the zone's own time.
  it.each([
    ['Europe/Berlin', '2024-07-01T12:00:00Z', '14:00 CEST'],
    ['Europe/Berlin', '2024-10-27T00:30:00Z', '02:30 CEST'],
    ['Europe/Berlin', '2024-10-27T01:30:00Z', '02:30 CET'],
    ['America/Chicago', '2016-12-16T14:00:00Z', '08:00 CST'],
    ['America/Chicago', '2024-07-01T13:05:00Z', '08:05 CDT'],
  ])('shows %s at %s as "%s"', (zone, iso, text) => {
    expect(formatClock(Date.parse(iso), zone)).toBe(text);
  });

  it('labels a zone no locale names by its offset', () => {
    expect(formatClock(Date.parse('2024-07-01T00:00:00Z'), 'Asia/Riyadh')).toBe(
      '03:00 GMT+3',
    );
  });

  it('shows UTC when the fleet has no zone', () => {
    expect(formatClock(Date.parse('2024-07-01T21:15:00Z'), undefined)).toBe('21:15 UTC');
  });
});
