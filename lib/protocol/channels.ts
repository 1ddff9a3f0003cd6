/**
 * The eight Bookovia subscription channels, in the order of the spec's table,
 * with the update cadence the spec promises for each.
 */
export const CHANNELS = [
  'vehicle_locations',
  'trip_events',
  'alerts',
  'telemetry',
  'fleet_metrics',
  'driver_status',
  'route_progress',
  'maintenance_alerts',
] as const;

export type Channel = (typeof CHANNELS)[number];

export function isChannel(value: unknown): value is Channel {
  return typeof value === 'string' && (CHANNELS as readonly string[]).includes(value);
}
