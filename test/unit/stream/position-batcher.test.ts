import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  decodePositionBatch,
  type LocationUpdate,
  type PositionBatch,
} from '../../../lib/protocol';
import { PositionBatcher } from '../../../server/stream/position-batcher';

const FLEET = 'f1';

function fix(
  vehicleId: string,
  seq: number,
  over: Partial<LocationUpdate['payload']> = {},
) {
  const message: LocationUpdate = {
    type: 'location_update',
    id: `e-${seq}`,
    seq,
    timestamp: new Date(1_700_000_000_000 + seq * 1000).toISOString(),
    channel: 'vehicle_locations',
    payload: {
      vehicle_id: vehicleId,
      fleet_id: FLEET,
      timestamp: new Date(1_700_000_000_000 + seq * 1000).toISOString(),
      location: { latitude: 30 + seq / 1000, longitude: -97, speed: 20, heading: 90 },
      telemetry: { odometer: 100 },
      ...over,
    },
  };
  return message;
}

function batcher(windowMs = 100) {
  const sent: PositionBatch[] = [];
  const b = new PositionBatcher({
    windowMs,
    send: (_fleet, bytes) => {
      const decoded = decodePositionBatch(bytes);
      if (!decoded.ok) throw new Error(decoded.error.message);
      sent.push(decoded.batch);
    },
  });
  return { b, sent };
}

describe('PositionBatcher', () => {
  beforeEach(() => {
    vi.useFakeTimers({ now: 0 });
  });

  afterEach(() => {
    vi.useRealTimers();
  });

  it('sends nothing before the window ends', () => {
    const { b, sent } = batcher();

    b.offer(FLEET, fix('bus-1', 1));
    vi.advanceTimersByTime(99);

    expect(sent).toEqual([]);
  });

  it('sends the newest fix per vehicle once the window ends, naming new vehicles', () => {
    const { b, sent } = batcher();

    b.offer(FLEET, fix('bus-1', 1));
    b.offer(FLEET, fix('bus-2', 2));
    b.offer(FLEET, fix('bus-1', 3));
    vi.advanceTimersByTime(100);

    expect(sent).toHaveLength(1);
    expect(sent[0]?.seq).toBe(3);
    expect(sent[0]?.names).toEqual([
      [0, 'bus-1'],
      [1, 'bus-2'],
    ]);
    expect(sent[0]?.records.map((r) => [r.index, r.lat])).toEqual([
      [0, 30.003],
      [1, 30.002],
    ]);
  });

  it('names a vehicle and states its trip only in its first batch', () => {
    const { b, sent } = batcher();

    b.offer(FLEET, fix('bus-1', 1, { trip_id: 't1' }));
    b.flush(FLEET);
    b.offer(FLEET, fix('bus-1', 2, { trip_id: 't1' }));
    b.flush(FLEET);

    expect(sent[0]?.records[0]?.cold).toEqual({ tripId: 't1' });
    expect(sent[1]?.names).toEqual([]);
    expect(sent[1]?.records[0]).not.toHaveProperty('cold');
  });

  it('states a trip again when it ends', () => {
    const { b, sent } = batcher();

    b.offer(FLEET, fix('bus-1', 1, { trip_id: 't1' }));
    b.flush(FLEET);
    b.offer(FLEET, fix('bus-1', 2));
    b.flush(FLEET);

    expect(sent[1]?.records[0]?.cold).toEqual({});
  });

  it('gives a joining socket the index and states every trip again', () => {
    const { b, sent } = batcher();
    b.offer(FLEET, fix('bus-1', 1, { trip_id: 't1' }));
    b.flush(FLEET);

    expect(b.join(FLEET)).toEqual(['bus-1']);
    b.offer(FLEET, fix('bus-1', 2, { trip_id: 't1' }));
    b.flush(FLEET);

    expect(sent[1]?.records[0]?.cold).toEqual({ tripId: 't1' });
  });

  it('flushes on demand, ahead of the window', () => {
    const { b, sent } = batcher();
    b.offer(FLEET, fix('bus-1', 1));

    b.flush(FLEET);
    vi.advanceTimersByTime(100);

    expect(sent).toHaveLength(1);
  });

  it('sends each fix at once with a window of 0', () => {
    const { b, sent } = batcher(0);

    b.offer(FLEET, fix('bus-1', 1));
    b.offer(FLEET, fix('bus-1', 2));

    expect(sent.map((s) => s.seq)).toEqual([1, 2]);
  });

  it('catches a socket up with every vehicle, named, with its trip', () => {
    const { b } = batcher();
    b.offer(FLEET, fix('bus-1', 1, { trip_id: 't1' }));
    b.offer(FLEET, fix('bus-2', 2));
    b.flush(FLEET);

    const decoded = decodePositionBatch(b.catchUp(FLEET));

    expect(decoded.ok && decoded.batch.names).toEqual([
      [0, 'bus-1'],
      [1, 'bus-2'],
    ]);
    expect(decoded.ok && decoded.batch.records.map((r) => r.cold)).toEqual([
      { tripId: 't1' },
      {},
    ]);
  });

  it('skips a fix whose time cannot be read', () => {
    const { b, sent } = batcher();

    b.offer(FLEET, fix('bus-1', 1, { timestamp: 'yesterday' }));
    b.flush(FLEET);

    expect(sent[0]?.records).toEqual([]);
  });
});
