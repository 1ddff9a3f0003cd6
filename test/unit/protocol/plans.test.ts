import { describe, expect, it } from 'vitest';
import {
  describePlanIssue,
  MAX_PLAN_STOPS,
  tripPlanSchema,
} from '../../../lib/protocol/plans';

/** A JSON body carrying 1e400 parses to Infinity. */
const OVERFLOW = JSON.parse('1e400') as number;

function stop(i: number, more: Record<string, unknown> = {}) {
  return {
    stop_id: `s${i}`,
    name: `Stop ${i}`,
    latitude: 42.28,
    longitude: -83.74,
    planned_time: `2024-05-01T08:${String(10 + i).padStart(2, '0')}:00Z`,
    ...more,
  };
}

function plan(stops: unknown[] = [stop(0), stop(1)]) {
  return { trip_id: 'delivery-7', stops };
}

/** The message a rejected body gets, or 'ok'. */
function verdict(body: unknown): string {
  const result = tripPlanSchema.safeParse(body);
  return result.success ? 'ok' : describePlanIssue(result.error);
}

describe('tripPlanSchema', () => {
  it('accepts a plan of two stops with and without an activity type', () => {
    const body = plan([stop(0, { activity_type: 'pickup' }), stop(1)]);

    expect(tripPlanSchema.parse(body)).toEqual(body);
  });

  it('accepts equal planned times and fractions of a second', () => {
    const body = plan([
      stop(0, { planned_time: '2024-05-01T08:10:00.250Z' }),
      stop(1, { planned_time: '2024-05-01T08:10:00.250Z' }),
    ]);

    expect(verdict(body)).toBe('ok');
  });

  it.each([
    ['a list', [], 'Send a JSON object {"trip_id": …, "stops": […]}'],
    ['no trip id', { stops: [stop(0), stop(1)] }, 'trip_id is required'],
    ['an empty trip id', { ...plan(), trip_id: '' }, 'trip_id must not be empty'],
    ['one stop', plan([stop(0)]), 'stops must hold at least 2 stops'],
    ['stops as an object', { ...plan(), stops: {} }, 'stops must be a list'],
    [
      'a stop without an id',
      plan([stop(0), { ...stop(1), stop_id: undefined }]),
      'stops[1].stop_id is required',
    ],
    [
      'a latitude out of range',
      plan([stop(0, { latitude: 91 }), stop(1)]),
      'stops[0].latitude must lie in [-90, 90]',
    ],
    [
      'an infinite longitude',
      plan([stop(0), stop(1, { longitude: OVERFLOW })]),
      'stops[1].longitude must be a finite number',
    ],
    [
      'a local time with an offset',
      plan([stop(0), stop(1, { planned_time: '2024-05-01T10:11:00+02:00' })]),
      'stops[1].planned_time must be ISO 8601 UTC, such as 2024-05-01T08:30:00Z',
    ],
    [
      'an unknown activity',
      plan([stop(0), stop(1, { activity_type: 'lunch' })]),
      'stops[1].activity_type must be one of pickup, delivery, stop, service',
    ],
  ])('rejects %s, naming the field', (_name, body, message) => {
    expect(verdict(body)).toBe(message);
  });

  it('rejects a planned time earlier than the stop before it', () => {
    const body = plan([stop(0), stop(2), stop(1)]);

    expect(verdict(body)).toBe(
      "stops[2].planned_time is before the previous stop's; times must not decrease",
    );
  });

  it(`takes ${MAX_PLAN_STOPS} stops and refuses one more`, () => {
    const many = (n: number) =>
      Array.from({ length: n }, (_, i) => stop(0, { stop_id: `s${i}` }));

    expect(verdict(plan(many(MAX_PLAN_STOPS)))).toBe('ok');
    expect(verdict(plan(many(MAX_PLAN_STOPS + 1)))).toBe(
      'stops must hold at most 200 stops',
    );
  });
});
