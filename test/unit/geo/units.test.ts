import { describe, expect, it } from 'vitest';
import {
  defaultUnits,
  formatDistance,
  formatSpeed,
  formatTemperature,
  toSpeed,
  toTemperature,
} from '../../../lib/geo/units';

describe('defaultUnits', () => {
  it('reads imperial for American English', () => {
    expect(defaultUnits('en-US')).toBe('imperial');
  });

  it('reads metric for British English, German and a language alone', () => {
    expect(defaultUnits('en-GB')).toBe('metric');
    expect(defaultUnits('de-DE')).toBe('metric');
    expect(defaultUnits('fr')).toBe('metric');
  });

  it('reads metric for an unreadable or missing locale', () => {
    expect(defaultUnits('not a locale!')).toBe('metric');
    expect(defaultUnits(undefined)).toBe('metric');
  });
});

describe('formatSpeed', () => {
  it('says km/h in metric, rounded', () => {
    expect(formatSpeed(42.6, 'metric')).toBe('43 km/h');
  });

  it('says mph in imperial', () => {
    expect(formatSpeed(100, 'imperial')).toBe('62 mph');
  });

  it('says a dash when the device did not report a speed', () => {
    expect(formatSpeed(undefined, 'imperial')).toBe('—');
  });
});

describe('formatDistance', () => {
  it('says km in metric and miles in imperial, to a tenth', () => {
    expect(formatDistance(4.24, 'metric')).toBe('4.2 km');
    expect(formatDistance(16.09344, 'imperial')).toBe('10.0 mi');
  });
});

describe('formatTemperature', () => {
  it('says °C in metric and °F in imperial', () => {
    expect(formatTemperature(90, 'metric')).toBe('90 °C');
    expect(formatTemperature(90, 'imperial')).toBe('194 °F');
    expect(formatTemperature(-40, 'imperial')).toBe('-40 °F');
  });
});

describe('chart conversions', () => {
  it('leave metric values as they are and convert imperial ones unrounded', () => {
    expect(toSpeed(50, 'metric')).toBe(50);
    expect(toSpeed(1.609344, 'imperial')).toBeCloseTo(1, 10);
    expect(toTemperature(100, 'imperial')).toBe(212);
  });
});
