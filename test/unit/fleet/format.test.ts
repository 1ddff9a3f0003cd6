import { describe, expect, it } from 'vitest';
import { formatAge, formatSpeed, vehicleLabel } from '../../../lib/fleet/format';

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
