import { afterEach, describe, expect, it, vi } from 'vitest';
import type { StreamMessage } from '../../../lib/protocol';
import { StreamHub, type Published } from '../../../server/stream/hub';

type Unsent = Omit<StreamMessage, 'id' | 'seq'>;

function unsent(vehicleId = 'bus-1'): Unsent {
  return {
    type: 'location_update',
    timestamp: '2026-03-10T10:00:00.000Z',
    channel: 'vehicle_locations',
    payload: {
      vehicle_id: vehicleId,
      fleet_id: 'fleet-1',
      timestamp: '2026-03-10T10:00:00.000Z',
      location: { latitude: 30.27, longitude: -97.74 },
    },
  };
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('StreamHub', () => {
  it('numbers the messages of a fleet from 1 upwards', () => {
    const hub = new StreamHub();

    const seqs = [1, 2, 3].map(() => hub.publish('fleet-1', unsent())?.seq);

    expect(seqs).toEqual([1, 2, 3]);
  });

  it('numbers each fleet independently', () => {
    const hub = new StreamHub();

    hub.publish('fleet-1', unsent());
    hub.publish('fleet-1', unsent());
    const first = hub.publish('fleet-2', unsent());

    expect([first?.seq, hub.seq('fleet-1'), hub.seq('fleet-2')]).toEqual([1, 2, 1]);
  });

  it('reports 0 as the sequence of a fleet that has published nothing', () => {
    expect(new StreamHub().seq('fleet-9')).toBe(0);
  });

  it('gives every message a unique id across fleets', () => {
    const hub = new StreamHub();

    const ids = ['fleet-1', 'fleet-2', 'fleet-1', 'fleet-2', 'fleet-1'].map(
      (fleet) => hub.publish(fleet, unsent())?.id,
    );

    expect(new Set(ids).size).toBe(5);
  });

  it('keeps the fields it was given and adds id and seq', () => {
    const hub = new StreamHub();

    const message = hub.publish('fleet-1', unsent());

    expect(message).toEqual({ ...unsent(), id: expect.any(String), seq: 1 });
  });

  it('hands each message to every subscriber with its fleet', () => {
    const hub = new StreamHub();
    const a = vi.fn<(p: Published) => void>();
    const b = vi.fn<(p: Published) => void>();
    hub.subscribe(a);
    hub.subscribe(b);

    const message = hub.publish('fleet-1', unsent());

    expect([a.mock.calls[0]?.[0].message, b.mock.calls[0]?.[0].fleetId]).toEqual([
      message,
      'fleet-1',
    ]);
  });

  it('stops handing messages to a listener that unsubscribed', () => {
    const hub = new StreamHub();
    const listener = vi.fn();
    const unsubscribe = hub.subscribe(listener);

    unsubscribe();
    hub.publish('fleet-1', unsent());

    expect(listener).not.toHaveBeenCalled();
  });

  it('serialises the message as JSON.stringify would', () => {
    const hub = new StreamHub();
    let published: Published | undefined;
    hub.subscribe((p) => (published = p));

    const message = hub.publish('fleet-1', unsent());

    expect(published?.json()).toBe(JSON.stringify(message));
  });

  it('serialises a message once however often its JSON is asked for', () => {
    const hub = new StreamHub();
    const seen: Published[] = [];
    hub.subscribe((p) => seen.push(p));
    hub.publish('fleet-1', unsent());
    const stringify = vi.spyOn(JSON, 'stringify');

    const first = seen[0]?.json();
    const second = seen[0]?.json();

    expect([stringify.mock.calls.length, second]).toEqual([1, first]);
  });
});

describe('StreamHub with a relay', () => {
  it('hands what is published to the relay, delivering nothing itself', () => {
    const send = vi.fn();
    const hub = new StreamHub({ epoch: 'e1', relay: { send } });
    const listener = vi.fn();
    hub.subscribe(listener);

    const answer = hub.publish('fleet-1', unsent());

    expect([answer, send.mock.calls, listener.mock.calls]).toEqual([
      undefined,
      [['fleet-1', unsent()]],
      [],
    ]);
  });

  it('delivers a message stamped elsewhere, and takes its seq', () => {
    const hub = new StreamHub({ epoch: 'e1', relay: { send: vi.fn() } });
    const seen: Published[] = [];
    hub.subscribe((p) => seen.push(p));
    const message = { ...unsent(), id: 'e1-fleet-1-7', seq: 7 } as StreamMessage;

    hub.deliver('fleet-1', message);

    expect([seen[0]?.message, hub.seq('fleet-1'), hub.epoch]).toEqual([message, 7, 'e1']);
  });
});
