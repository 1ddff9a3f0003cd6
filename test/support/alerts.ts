import type { Severity } from '../../lib/protocol';
import type { UnsentAlert } from '../../server/alerts/desk';

/** A safety alert as the engine would raise it, for tests to store. */
export function engineAlert(
  fleetId: string,
  vehicleId: string,
  opts: { category?: string; resolved?: boolean; severity?: Severity } = {},
): UnsentAlert {
  return {
    type: 'safety_alert',
    timestamp: new Date().toISOString(),
    channel: 'alerts',
    payload: {
      alert_id: 'alert_from-the-engine',
      severity: opts.severity ?? 'medium',
      category: opts.category ?? 'harsh_braking',
      vehicle_id: vehicleId,
      fleet_id: fleetId,
      location: { latitude: 42.28, longitude: -83.74 },
      event_data: { peak_g: 0.42 },
      recommended_actions: ['Review the drive with the driver'],
      auto_resolved: opts.resolved === true,
    },
  };
}
