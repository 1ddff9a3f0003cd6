import { describe, expect, it } from 'vitest';
import { actorName, announcement, describeAlert } from '../../../lib/alerts/describe';
import { alert } from './support';

describe('describeAlert', () => {
  it.each([
    [
      'harsh_braking',
      { deceleration: -0.523, speed_before: 48.2 },
      '0.52 g from 48 km/h',
    ],
    [
      'speeding',
      { peak_speed: 141.6, speed_limit: 120 },
      '142 km/h where 120 is allowed',
    ],
    ['idling', { duration: 930 }, 'idle for 16 min'],
    ['route_deviation', { distance_m: 412 }, '412 m off the planned route'],
    ['low_fuel', { fuel_level: 9 }, '9 % fuel left'],
    ['mystery', { x: 1 }, ''],
  ])('describes %s', (category, detail, text) => {
    expect(describeAlert({ category, detail })).toBe(text);
  });

  it('says nothing when a measurement is missing', () => {
    expect(describeAlert({ category: 'speeding', detail: { peak_speed: 130 } })).toBe('');
  });
});

describe('announcement', () => {
  it('names severity, category, vehicle and measurement', () => {
    const a = alert('a', { detail: { deceleration: -0.61, speed_before: 50 } });

    expect(announcement(a, 'Car 480')).toBe(
      'High alert: Harsh braking, Car 480. 0.61 g from 50 km/h.',
    );
  });
});

describe('actorName', () => {
  it.each([
    ['k-mine', 'you'],
    ['system', 'the system'],
    ['0f9e8d7c-6b5a', 'admin 0f9e8d7c'],
  ])('names %s as "%s"', (by, name) => {
    expect(actorName(by, 'k-mine')).toBe(name);
  });
});
