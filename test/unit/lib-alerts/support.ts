import type { FleetAlert } from '../../../lib/alerts/alert';

export const T0 = Date.parse('2024-07-01T12:00:00Z');

/** A fresh active high alert; override what a test is about. */
export function alert(id: string, change: Partial<FleetAlert> = {}): FleetAlert {
  return {
    id,
    kind: 'safety',
    category: 'harsh_braking',
    vehicleId: 'car-1',
    severity: 'high',
    status: 'active',
    occurrences: 1,
    raisedAt: T0,
    lastSeenAt: T0,
    detail: {},
    escalationLevel: 0,
    ...change,
  };
}
