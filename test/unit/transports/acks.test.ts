import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { SafetyAlert, Severity, StreamMessage } from '../../../lib/protocol';
import type { Published } from '../../../server/stream/hub';
import { needsAck, PendingAcks } from '../../../server/transports/bookovia/acks';

function alert(seq: number, severity: Severity = 'high', fleetId = 'fleet-1'): Published {
  const message: SafetyAlert = {
    type: 'safety_alert',
    id: `e-${fleetId}-${seq}`,
    timestamp: '2026-03-10T10:00:00.000Z',
    channel: 'alerts',
    seq,
    payload: {
      alert_id: `al-${seq}`,
      severity,
      category: 'harsh_braking',
      vehicle_id: 'bus-1',
      fleet_id: fleetId,
      location: { latitude: 30.27, longitude: -97.74 },
      event_data: {},
      recommended_actions: [],
      auto_resolved: false,
    },
  };
  return { fleetId, message, json: () => JSON.stringify(message) };
}

beforeEach(() => {
  vi.useFakeTimers();
});

afterEach(() => {
  vi.useRealTimers();
});

function setUp(delays = [100, 200]) {
  const resent: number[] = [];
  const acks = new PendingAcks(delays, (p) => resent.push(p.message.seq ?? 0));
  return { acks, resent };
}

describe('needsAck', () => {
  it.each([
    ['high', true],
    ['critical', true],
    ['medium', false],
    ['low', false],
  ] as const)('asks a %s alert to be confirmed: %s', (severity, expected) => {
    expect(needsAck(alert(1, severity).message)).toBe(expected);
  });

  it('never asks for a position', () => {
    const position = {
      type: 'location_update',
      channel: 'vehicle_locations',
    } as StreamMessage;

    expect(needsAck(position)).toBe(false);
  });
});

describe('PendingAcks', () => {
  it('sends an unconfirmed event again after each pause, then gives up', () => {
    const { acks, resent } = setUp([100, 200]);
    acks.track(alert(7));

    vi.advanceTimersByTime(100);
    expect(resent).toEqual([7]);
    vi.advanceTimersByTime(200);
    expect(resent).toEqual([7, 7]);
    vi.advanceTimersByTime(10_000);
    expect(resent).toEqual([7, 7]);
    expect(acks.size).toBe(0);
  });

  it('stops at a confirmation of its seq or a later one', () => {
    const { acks, resent } = setUp();
    acks.track(alert(3));
    acks.track(alert(5));
    acks.track(alert(9));

    acks.confirm('fleet-1', 5);
    vi.advanceTimersByTime(100);

    expect(resent).toEqual([9]);
  });

  it('confirms only the fleet named', () => {
    const { acks, resent } = setUp();
    acks.track(alert(3, 'high', 'fleet-1'));
    acks.track(alert(3, 'high', 'fleet-2'));

    acks.confirm('fleet-2', 3);
    vi.advanceTimersByTime(100);

    expect(resent).toEqual([3]);
    expect(acks.size).toBe(1);
  });

  it('tracks an event once however often it is offered', () => {
    const { acks, resent } = setUp();
    acks.track(alert(3));
    acks.track(alert(3));

    vi.advanceTimersByTime(100);

    expect(resent).toEqual([3]);
  });

  it('forgets everything when cleared', () => {
    const { acks, resent } = setUp();
    acks.track(alert(3));

    acks.clear();
    vi.runAllTimers();

    expect(resent).toEqual([]);
  });
});
