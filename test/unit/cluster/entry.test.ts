import { describe, expect, it } from 'vitest';
import {
  decodeEntry,
  encodeFields,
  snapshotPosition,
} from '../../../server/cluster/entry';
import type { LocationUpdate } from '../../../lib/protocol';
import type { Unsent } from '../../../server/stream/hub';

const position: Unsent = {
  type: 'location_update',
  timestamp: '2026-03-10T10:00:00.000Z',
  channel: 'vehicle_locations',
  payload: {
    vehicle_id: 'bus-1',
    fleet_id: 'f1',
    timestamp: '2026-03-10T10:00:00.000Z',
    location: { latitude: 30.27, longitude: -97.74 },
  },
};

describe('stream entries', () => {
  it('give back the message with the id and seq of its entry and epoch', () => {
    const [m, t] = encodeFields(position, 1234);

    const shared = decodeEntry({ id: '7-0', fields: { m, t } }, 'ep', 'f1');

    expect(shared).toEqual({ at: 1234, message: { ...position, id: 'ep-f1-7', seq: 7 } });
  });

  it('refuse an entry without a message', () => {
    expect(() => decodeEntry({ id: '7-0', fields: {} }, 'ep', 'f1')).toThrow(
      'entry 7-0 has no message',
    );
  });

  it('list a latest position as a snapshot does, without its seq', () => {
    const listed = snapshotPosition('f1', { ...position, seq: 9 } as LocationUpdate);

    expect(listed).toEqual({
      ...position,
      id: 'snapshot-f1-bus-1-2026-03-10T10:00:00.000Z',
    });
  });
});
