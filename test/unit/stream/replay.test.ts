import { describe, expect, it } from 'vitest';
import type { Channel, StreamMessage } from '../../../lib/protocol';
import { StreamHub } from '../../../server/stream/hub';
import { ReplayBuffer } from '../../../server/stream/replay';

const FLEET = 'fleet-1';
const ALERTS = new Set<Channel>(['alerts']);
const BOTH = new Set<Channel>(['alerts', 'driver_status']);

type Unsent = Omit<StreamMessage, 'id' | 'seq'>;

function alert(n: number): Unsent {
  return {
    type: 'safety_alert',
    timestamp: '2026-03-10T10:00:00.000Z',
    channel: 'alerts',
    payload: {
      alert_id: `al-${n}`,
      severity: 'high',
      category: 'harsh_braking',
      vehicle_id: 'bus-1',
      fleet_id: FLEET,
      location: { latitude: 30.27, longitude: -97.74 },
      event_data: {},
      recommended_actions: [],
      auto_resolved: false,
    },
  };
}

function status(): Unsent {
  return {
    type: 'driver_status',
    timestamp: '2026-03-10T10:00:00.000Z',
    channel: 'driver_status',
    payload: {
      vehicle_id: 'bus-1',
      fleet_id: FLEET,
      status: 'driving',
      source: 'motion',
      since: '2026-03-10T10:00:00.000Z',
    },
  };
}

function position(): Unsent {
  return {
    type: 'location_update',
    timestamp: '2026-03-10T10:00:00.000Z',
    channel: 'vehicle_locations',
    payload: {
      vehicle_id: 'bus-1',
      fleet_id: FLEET,
      timestamp: '2026-03-10T10:00:00.000Z',
      location: { latitude: 30.27, longitude: -97.74 },
    },
  };
}

function setUp(limits = { maxEvents: 100, maxAgeMs: 60_000 }) {
  const hub = new StreamHub();
  const clock = { now: 0 };
  const buffer = new ReplayBuffer(hub, limits, () => clock.now);
  return { hub, clock, buffer };
}

function seqs(replay: ReturnType<ReplayBuffer['since']>): number[] {
  if (!replay.ok) throw new Error(`expected a replay, got ${replay.reason}`);
  return replay.events.map((p) => p.message.seq ?? 0);
}

describe('ReplayBuffer', () => {
  it('replays the events after an offset, oldest first', () => {
    const { hub, buffer } = setUp();
    for (let n = 1; n <= 5; n++) hub.publish(FLEET, alert(n));

    expect(seqs(buffer.since(FLEET, 2, ALERTS))).toEqual([3, 4, 5]);
  });

  it('keeps no positions, which are latest-state', () => {
    const { hub, buffer } = setUp();
    hub.publish(FLEET, alert(1));
    hub.publish(FLEET, position());
    hub.publish(FLEET, alert(2));

    const all = new Set<Channel>(['alerts', 'vehicle_locations']);
    expect(seqs(buffer.since(FLEET, 0, all))).toEqual([1, 3]);
  });

  it('replays only the channels asked for', () => {
    const { hub, buffer } = setUp();
    hub.publish(FLEET, alert(1));
    hub.publish(FLEET, status());
    hub.publish(FLEET, alert(2));

    expect(seqs(buffer.since(FLEET, 0, ALERTS))).toEqual([1, 3]);
  });

  it('reports a gap once an event after the offset was evicted by count', () => {
    const { hub, buffer } = setUp({ maxEvents: 3, maxAgeMs: 60_000 });
    for (let n = 1; n <= 5; n++) hub.publish(FLEET, alert(n));

    expect(buffer.since(FLEET, 1, ALERTS)).toEqual({ ok: false, reason: 'gap' });
    expect(seqs(buffer.since(FLEET, 2, ALERTS))).toEqual([3, 4, 5]);
  });

  it('reports a gap once an event after the offset is older than the age limit', () => {
    const { hub, clock, buffer } = setUp({ maxEvents: 100, maxAgeMs: 1000 });
    hub.publish(FLEET, alert(1));
    clock.now = 600;
    hub.publish(FLEET, alert(2));
    clock.now = 1200;

    expect(buffer.since(FLEET, 0, ALERTS)).toEqual({ ok: false, reason: 'gap' });
    expect(seqs(buffer.since(FLEET, 1, ALERTS))).toEqual([2]);
  });

  it('is not cut short by the eviction of a channel the client did not ask for', () => {
    const { hub, buffer } = setUp({ maxEvents: 2, maxAgeMs: 60_000 });
    hub.publish(FLEET, alert(1));
    hub.publish(FLEET, status());
    hub.publish(FLEET, status());
    hub.publish(FLEET, alert(2));

    expect(seqs(buffer.since(FLEET, 1, ALERTS))).toEqual([4]);
    expect(buffer.since(FLEET, 1, BOTH)).toEqual({ ok: false, reason: 'gap' });
  });

  it('refuses an offset the stream never reached', () => {
    const { hub, buffer } = setUp();
    hub.publish(FLEET, alert(1));

    expect(buffer.since(FLEET, 2, ALERTS)).toEqual({ ok: false, reason: 'ahead' });
  });

  it('answers an empty replay for a fleet that has sent nothing', () => {
    const { buffer } = setUp();

    expect(seqs(buffer.since('fleet-9', 0, ALERTS))).toEqual([]);
  });

  it('carries the epoch of its hub', () => {
    const { hub, buffer } = setUp();

    expect(buffer.epoch).toBe(hub.epoch);
    expect(new StreamHub().epoch).not.toBe(hub.epoch);
  });
});

describe('ReplayBuffer.restore', () => {
  function kept(seq: number, at: number) {
    const message = { ...alert(seq), id: `e-${seq}`, seq } as StreamMessage;
    return { at, published: { fleetId: FLEET, message, json: () => '' } };
  }

  it('replays the events another node published', () => {
    const hub = new StreamHub({ epoch: 'e', relay: { send: () => {} } });
    const replay = new ReplayBuffer(hub, { maxEvents: 10, maxAgeMs: 60_000 }, () => 0);
    hub.resetSeq(FLEET, 4);

    replay.restore(FLEET, [kept(2, 0), kept(4, 0)], 0);
    const answer = replay.since(FLEET, 1, ALERTS);

    expect(answer.ok && answer.events.map((p) => p.message.seq)).toEqual([2, 4]);
  });

  it('answers gap for an offset older than what the shared stream still holds', () => {
    const hub = new StreamHub({ epoch: 'e', relay: { send: () => {} } });
    const replay = new ReplayBuffer(hub, { maxEvents: 10, maxAgeMs: 60_000 }, () => 0);
    hub.resetSeq(FLEET, 9);

    replay.restore(FLEET, [kept(8, 0), kept(9, 0)], 7);

    expect([replay.since(FLEET, 6, ALERTS), replay.since(FLEET, 7, ALERTS).ok]).toEqual([
      { ok: false, reason: 'gap' },
      true,
    ]);
  });

  it('leaves out restored events older than the age limit', () => {
    const hub = new StreamHub({ epoch: 'e', relay: { send: () => {} } });
    const replay = new ReplayBuffer(hub, { maxEvents: 10, maxAgeMs: 1000 }, () => 5000);
    hub.resetSeq(FLEET, 3);

    replay.restore(FLEET, [kept(2, 1000), kept(3, 4500)], 0);

    expect(replay.since(FLEET, 2, ALERTS)).toMatchObject({ ok: true });
    expect(replay.since(FLEET, 1, ALERTS)).toEqual({ ok: false, reason: 'gap' });
  });
});
