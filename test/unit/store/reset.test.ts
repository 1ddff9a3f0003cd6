import { describe, expect, it } from 'vitest';
import type { FleetAlert } from '../../../lib/alerts/alert';
import { replaceOpenAlerts } from '../../../lib/store/reset';

const T0 = Date.UTC(2026, 2, 10, 10, 0, 0);

function alertOf(id: string, status: FleetAlert['status'], raisedAt: number): FleetAlert {
  return {
    id,
    kind: 'safety',
    category: 'harsh_braking',
    vehicleId: 'v1',
    severity: 'high',
    status,
    occurrences: 1,
    raisedAt,
    lastSeenAt: raisedAt,
    detail: {},
    escalationLevel: 0,
  };
}

describe('replaceOpenAlerts', () => {
  it('holds exactly the server’s open alerts and the resolved ones listed', () => {
    const held = [
      alertOf('gone', 'active', T0 + 3),
      alertOf('kept', 'active', T0 + 2),
      alertOf('old', 'resolved', T0),
    ];
    const open = [
      alertOf('kept', 'acknowledged', T0 + 2),
      alertOf('new', 'active', T0 + 4),
    ];

    const next = replaceOpenAlerts(held, open);

    expect(next.map((a) => [a.id, a.status])).toEqual([
      ['new', 'active'],
      ['kept', 'acknowledged'],
      ['old', 'resolved'],
    ]);
  });
});
