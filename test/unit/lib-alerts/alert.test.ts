import { describe, expect, it } from 'vitest';
import {
  fromMessage,
  fromRecord,
  isNotOlder,
  isRinging,
  mergeAlert,
} from '../../../lib/alerts/alert';
import type { AlertRecord, SafetyAlert } from '../../../lib/protocol';
import { alert, T0 } from './support';

const ISO = new Date(T0).toISOString();

describe('isNotOlder', () => {
  it('takes an acknowledgement over the active state it follows', () => {
    const active = alert('a');
    const acknowledged = alert('a', { status: 'acknowledged' });

    expect([isNotOlder(active, acknowledged), isNotOlder(acknowledged, active)]).toEqual([
      true,
      false,
    ]);
  });

  it('takes a higher escalation level of the same status', () => {
    expect(isNotOlder(alert('a', { escalationLevel: 2 }), alert('a'))).toBe(false);
  });

  it('takes a later episode folded in', () => {
    const later = alert('a', { occurrences: 2, lastSeenAt: T0 + 1000 });
    expect(isNotOlder(alert('a'), later)).toBe(true);
  });

  it('takes the same state again, so the latest arrival wins a tie', () => {
    expect(isNotOlder(alert('a'), alert('a', { clearedAt: T0 }))).toBe(true);
  });
});

describe('mergeAlert', () => {
  it('keeps the note REST gave when the stream repeats the acknowledgement', () => {
    const fromRest = alert('a', {
      status: 'acknowledged',
      acknowledged: { by: 'k1', at: T0, note: 'Calling the driver' },
    });
    const fromStream = alert('a', {
      status: 'acknowledged',
      acknowledged: { by: 'k1', at: T0 },
    });

    expect(mergeAlert(fromRest, fromStream).acknowledged?.note).toBe(
      'Calling the driver',
    );
  });
});

describe('isRinging', () => {
  it.each([
    ['high', 'active', true],
    ['critical', 'active', true],
    ['medium', 'active', false],
    ['critical', 'acknowledged', false],
    ['critical', 'resolved', false],
  ] as const)('is %s and %s: %s', (severity, status, ringing) => {
    expect(isRinging(alert('a', { severity, status }))).toBe(ringing);
  });
});

describe('fromRecord', () => {
  it('turns server times into epoch ms and keeps the notes', () => {
    const r: AlertRecord = {
      alert_id: 'a',
      fleet_id: 'f',
      vehicle_id: 'car-1',
      channel: 'alerts',
      category: 'harsh_braking',
      severity: 'high',
      event_data: { deceleration: -0.52 },
      recommended_actions: [],
      status: 'acknowledged',
      occurrences: 2,
      raised_at: ISO,
      last_seen_at: ISO,
      acknowledged_by: 'k1',
      acknowledged_at: ISO,
      acknowledged_note: 'On it',
      auto_resolved: false,
      escalation_level: 1,
      escalate_at: new Date(T0 + 60_000).toISOString(),
    };

    expect(fromRecord(r)).toEqual({
      id: 'a',
      kind: 'safety',
      category: 'harsh_braking',
      vehicleId: 'car-1',
      severity: 'high',
      status: 'acknowledged',
      occurrences: 2,
      raisedAt: T0,
      lastSeenAt: T0,
      detail: { deceleration: -0.52 },
      acknowledged: { by: 'k1', at: T0, note: 'On it' },
      escalationLevel: 1,
      escalateAt: T0 + 60_000,
    });
  });
});

describe('fromMessage', () => {
  it('reads a message without lifecycle fields as a new active alert', () => {
    const m: SafetyAlert = {
      type: 'safety_alert',
      id: 'm1',
      timestamp: ISO,
      channel: 'alerts',
      payload: {
        alert_id: 'a',
        severity: 'critical',
        category: 'harsh_braking',
        vehicle_id: 'car-1',
        fleet_id: 'f',
        location: { latitude: 0, longitude: 0, address: 'Main St' },
        event_data: {},
        recommended_actions: [],
        auto_resolved: false,
      },
    };

    expect(fromMessage(m)).toMatchObject({
      status: 'active',
      occurrences: 1,
      raisedAt: T0,
      place: 'Main St',
      escalationLevel: 0,
    });
  });
});
