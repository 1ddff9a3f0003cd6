import { z } from './zod';

/**
 * Units on the wire (documented in docs/protocol.md):
 * speed km/h, heading degrees clockwise from true north in [0, 360),
 * accuracy and altitude metres, odometer kilometres, engine_temp °C.
 */
export const locationSchema = z.object({
  latitude: z.number().min(-90).max(90),
  longitude: z.number().min(-180).max(180),
  accuracy: z.number().nonnegative().optional(),
  altitude: z.number().optional(),
  heading: z.number().min(0).lt(360).optional(),
  speed: z.number().nonnegative().optional(),
});

export const telemetrySchema = z.object({
  fuel_level: z.number().min(0).max(100).optional(),
  engine_rpm: z.number().nonnegative().optional(),
  odometer: z.number().nonnegative().optional(),
  engine_temp: z.number().optional(),
  engine_load: z.number().min(0).max(100).optional(),
});

export const routeProgressSchema = z.object({
  distance_completed: z.number().nonnegative(),
  distance_remaining: z.number().nonnegative(),
  eta: z.string().optional(),
  next_stop: z.string().optional(),
});

export const driverStatusSchema = z.enum(['driving', 'idle', 'on_break', 'off_duty']);

export const locationUpdatePayloadSchema = z.object({
  vehicle_id: z.string().min(1),
  fleet_id: z.string().min(1),
  trip_id: z.string().optional(),
  route_id: z.string().optional(),
  /** Device time of the fix, ISO 8601 UTC. */
  timestamp: z.string(),
  location: locationSchema,
  telemetry: telemetrySchema.optional(),
  driver_status: driverStatusSchema.optional(),
  route_progress: routeProgressSchema.optional(),
});

export type Location = z.infer<typeof locationSchema>;
export type Telemetry = z.infer<typeof telemetrySchema>;
export type RouteProgress = z.infer<typeof routeProgressSchema>;
export type DriverStatus = z.infer<typeof driverStatusSchema>;
export type LocationUpdatePayload = z.infer<typeof locationUpdatePayloadSchema>;
