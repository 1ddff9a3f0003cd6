import { describe, expect, it } from 'vitest';
import { fix, Rig, SECOND, T0 } from './support';

const BUS = { id: 'bus-1', fleetId: 'austin' };

describe('Engine: trip events', () => {
  it('publishes nothing for the trip a vehicle is on when first heard', () => {
    const rig = new Rig([BUS]);

    rig.feed(fix('bus-1', T0, { tripId: 'A', routeId: '7' }));

    expect(rig.on('trip_events')).toEqual([]);
  });

  it('reports a completed trip with the route it ran on, not the next one', () => {
    const rig = new Rig([BUS]);
    rig.feed(fix('bus-1', T0, { tripId: 'A', routeId: '7' }));

    rig.feed(fix('bus-1', T0 + SECOND, { tripId: 'B', routeId: '10' }));

    const events = rig.on('trip_events').map((m) => m.payload);
    expect(events.map((p) => [p.event, p.trip_id, p.route_id])).toEqual([
      ['trip_completed', 'A', '7'],
      ['trip_started', 'B', '10'],
    ]);
  });

  it('reports the distance of a completed trip in km', () => {
    const rig = new Rig([BUS]);
    rig.feed(fix('bus-1', T0, { tripId: 'A' }));
    rig.feed(fix('bus-1', T0 + 60 * SECOND, { tripId: 'A', lat: 42.2898 }));

    rig.feed(fix('bus-1', T0 + 61 * SECOND, { tripId: 'B', lat: 42.2898 }));

    expect(rig.on('trip_events')[0]?.payload.summary?.distance_km).toBe(1);
  });
});
