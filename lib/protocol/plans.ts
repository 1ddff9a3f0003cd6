import { z } from './zod';
import { MAX_ID_LENGTH } from './client-messages';

/**
 * The body of `PUT /v1/vehicles/{vehicle_id}/plan`: one trip a dispatcher
 * plans for one vehicle, stop by stop, for fleets without a timetable.
 * Times are ISO 8601 UTC on the device clock. Shared with clients, so a
 * form can check a plan with the server's own rules before sending it.
 */

/** Fewest and most stops of one plan. */
export const MIN_PLAN_STOPS = 2;
export const MAX_PLAN_STOPS = 200;
export const MAX_STOP_NAME_LENGTH = 200;

export const STOP_ACTIVITIES = ['pickup', 'delivery', 'stop', 'service'] as const;

/*
 * Each message completes the field's path (describePlanIssue), as in
 * "stops[3].latitude must lie in [-90, 90]".
 */

/** "is required" for a missing field, `wrong` for any other type. */
const typeError = (wrong: string) => (issue: { input: unknown }) =>
  issue.input === undefined ? 'is required' : wrong;

const text = (max: number) =>
  z
    .string({ error: typeError('must be a string') })
    .min(1, { error: 'must not be empty' })
    .max(max, { error: `is over ${max} characters` });

const coordinate = (limit: number) => {
  const range = `must lie in [-${limit}, ${limit}]`;
  return z
    .number({ error: typeError('must be a finite number') })
    .min(-limit, { error: range })
    .max(limit, { error: range });
};

export const planStopSchema = z.object({
  stop_id: text(MAX_ID_LENGTH),
  name: text(MAX_STOP_NAME_LENGTH),
  latitude: coordinate(90),
  longitude: coordinate(180),
  planned_time: z.iso.datetime({
    error: typeError('must be ISO 8601 UTC, such as 2024-05-01T08:30:00Z'),
  }),
  activity_type: z
    .enum(STOP_ACTIVITIES, { error: `must be one of ${STOP_ACTIVITIES.join(', ')}` })
    .optional(),
});

const stopsSchema = z
  .array(planStopSchema, { error: typeError('must be a list') })
  .min(MIN_PLAN_STOPS, { error: `must hold at least ${MIN_PLAN_STOPS} stops` })
  .max(MAX_PLAN_STOPS, { error: `must hold at most ${MAX_PLAN_STOPS} stops` })
  .superRefine((stops, ctx) => {
    let previous = -Infinity;
    stops.forEach((stop, i) => {
      const t = Date.parse(stop.planned_time);
      // An unreadable time has its own issue already.
      if (Number.isNaN(t)) return;
      if (t < previous) {
        ctx.addIssue({
          code: 'custom',
          path: [i, 'planned_time'],
          message: "is before the previous stop's; times must not decrease",
        });
      }
      previous = Math.max(previous, t);
    });
  });

export const tripPlanSchema = z.object(
  { trip_id: text(MAX_ID_LENGTH), stops: stopsSchema },
  { error: 'Send a JSON object {"trip_id": …, "stops": […]}' },
);

export type PlanStop = z.infer<typeof planStopSchema>;
export type TripPlan = z.infer<typeof tripPlanSchema>;

/** A plan as the server holds it, from PUT and GET. */
export interface TripPlanResponse extends TripPlan {
  vehicle_id: string;
  fleet_id: string;
  /** From then until `active_until`, fixes without a trip id count as this trip. */
  active_from: string;
  active_until: string;
}

/**
 * The first problem of a rejected plan, led by where it lies, such as
 * `stops[3].latitude must lie in [-90, 90]`.
 */
export function describePlanIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return 'The plan is not valid';
  const where = issue.path
    .map((key, i) => {
      if (typeof key === 'number') return `[${key}]`;
      return i === 0 ? String(key) : `.${String(key)}`;
    })
    .join('');
  return where ? `${where} ${issue.message}` : issue.message;
}
