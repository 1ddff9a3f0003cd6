import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decodeFeed, encodeFeed } from '../../../server/sources/gtfs-rt/feed';

/**
 * Built by the official bindings (gtfs-realtime-bindings 1.1.1, from the
 * specification's own .proto) out of the first three rows of
 * data/capmetro-austin-avl/vehicle_positions/2016-12-16.csv, bearing 90,
 * 91 and 92. Our schema is written by hand: this holds it to theirs.
 */
const OFFICIAL = fs.readFileSync(
  new URL('fixtures/capmetro-vehicle-positions.pb', import.meta.url),
);

describe('decodeFeed', () => {
  it('reads a feed written by the official bindings', () => {
    const feed = decodeFeed(OFFICIAL);

    expect(feed.header).toEqual({
      gtfs_realtime_version: '2.0',
      incrementality: 0,
      timestamp: 1481888400,
    });
    expect(feed.entity).toHaveLength(3);
    const [first] = feed.entity ?? [];
    expect(first?.id).toBe('1');
    expect(first?.vehicle?.vehicle).toEqual({ id: '8948', label: '8948' });
    expect(first?.vehicle?.trip).toEqual({ trip_id: '1669511', route_id: '1' });
    expect(first?.vehicle?.timestamp).toBe(
      Date.parse('2016-12-16T05:34:02-06:00') / 1000,
    );
    expect(first?.vehicle?.position?.latitude).toBeCloseTo(30.417875, 5);
    expect(first?.vehicle?.position?.longitude).toBeCloseTo(-97.66703, 5);
    expect(first?.vehicle?.position?.speed).toBeCloseTo(5.36448, 5);
    expect(feed.entity?.map((e) => e.vehicle?.position?.bearing)).toEqual([90, 91, 92]);
  });

  it('reads back what encodeFeed wrote', () => {
    const feed = {
      header: { gtfs_realtime_version: '2.0', timestamp: 1_700_000_000 },
      entity: [
        {
          id: 'a',
          vehicle: { vehicle: { id: 'v1' }, position: { latitude: 1.5, longitude: 2.5 } },
        },
      ],
    };
    expect(decodeFeed(encodeFeed(feed))).toEqual(feed);
  });

  it('throws on bytes that are not a FeedMessage', () => {
    expect(() => decodeFeed(Buffer.from('<html>Service Unavailable</html>'))).toThrow();
  });
});
