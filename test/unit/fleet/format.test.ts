import { describe, expect, it } from 'vitest';
import {
  formatAge,
  formatCountdown,
  formatDelay,
  formatSpeed,
  formatStamp,
  vehicleLabel,
} from '../../../lib/fleet/format';

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;

describe('formatAge', () => {
  it.each([
    [0, '0 s'],
    [4 * SECOND, '4 s'],
    [59_499, '59 s'],
    [59_500, '1 min'],
    [3 * MINUTE + 59 * SECOND, '3 min'],
    [HOUR - SECOND, '59 min'],
    [HOUR, '1 h'],
    [47 * HOUR, '47 h'],
    [48 * HOUR, '2 d'],
    [10 * 24 * HOUR, '10 d'],
  ])('formats %s ms as "%s"', (ms, text) => {
    expect(formatAge(ms)).toBe(text);
  });

  it('shows a negative age from a fast device clock as 0 s', () => {
    expect(formatAge(-5 * SECOND)).toBe('0 s');
  });
});

describe('formatSpeed', () => {
  it('rounds to whole km/h', () => {
    expect(formatSpeed(42.6)).toBe('43 km/h');
  });

  it('shows 0 km/h for a standing vehicle', () => {
    expect(formatSpeed(0)).toBe('0 km/h');
  });

  it('shows a dash for an unknown speed', () => {
    expect(formatSpeed(undefined)).toBe('—');
  });
});

describe('vehicleLabel', () => {
  it.each([
    ['bus-5012', 'Bus 5012'],
    ['car-10', 'Car 10'],
    ['truck-7', 'truck 7'],
    ['bus-a-b', 'Bus a-b'],
  ])('labels %s as "%s"', (id, label) => {
    expect(vehicleLabel(id)).toBe(label);
  });

  it.each(['veh1', 'bus-'])('keeps an id with nothing after a prefix as %s', (id) => {
    expect(vehicleLabel(id)).toBe(id);
  });
});

describe('formatStamp', () => {
  const zone = 'America/Chicago';
  const at = Date.parse('2016-12-16T14:00:00Z');

  it('shows only the clock on the same day in the fleet zone', () => {
    expect(formatStamp(at, zone, Date.parse('2016-12-16T23:00:00Z'))).toBe('08:00 CST');
  });

  it('adds the day once that day is over in the fleet zone', () => {
    // 05:30 UTC on the 17th is still the 16th in Chicago: no day shown.
    expect(formatStamp(at, zone, Date.parse('2016-12-17T05:30:00Z'))).toBe('08:00 CST');
    expect(formatStamp(at, zone, Date.parse('2016-12-17T06:30:00Z'))).toBe(
      'Dec 16, 08:00 CST',
    );
  });
});

describe('formatCountdown', () => {
  it.each([
    [102_000, '1:42'],
    [5_400, '0:06'],
    [725_000, '12:05'],
    [3_723_000, '1:02:03'],
    [-4_000, '0:00'],
  ])('shows %s ms left as "%s"', (ms, text) => {
    expect(formatCountdown(ms)).toBe(text);
  });
});

describe('formatDelay', () => {
  it.each([
    [0, '0 s'],
    [45, '45 s'],
    [300, '5 min'],
    [90, '1 min 30 s'],
    [5400, '1 h 30 min'],
    [86_400, '24 h'],
  ])('says %s s as "%s"', (s, text) => {
    expect(formatDelay(s)).toBe(text);
  });
});
