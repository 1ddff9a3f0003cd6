import { describe, expect, it } from 'vitest';
import { fromPayload } from '../../../lib/fleet/vehicle';
import type { LocationUpdatePayload } from '../../../lib/protocol';

const RECEIVED = Date.UTC(2026, 2, 10, 10, 0, 2);

function payload(over: Partial<LocationUpdatePayload> = {}): LocationUpdatePayload {
  return {
    vehicle_id: 'bus-5012',
    fleet_id: 'metrobus',
    timestamp: '2026-03-10T10:00:00.000Z',
    location: { latitude: 30.27, longitude: -97.74 },
    ...over,
  };
}

describe('fromPayload', () => {
  it('translates the wire names into a vehicle', () => {
    expect(fromPayload(payload(), RECEIVED)).toEqual({
      id: 'bus-5012',
      fleetId: 'metrobus',
      lat: 30.27,
      lon: -97.74,
      deviceTime: Date.UTC(2026, 2, 10, 10, 0, 0),
      receivedAt: RECEIVED,
    });
  });

  it('keeps the heading, speed, trip, route and telemetry it is given', () => {
    const telemetry = { fuel_level: 40, engine_rpm: 1500 };
    const p = payload({
      trip_id: 't-1',
      route_id: '801',
      telemetry,
      location: { latitude: 30.27, longitude: -97.74, heading: 90, speed: 35 },
    });

    expect(fromPayload(p, RECEIVED)).toMatchObject({
      heading: 90,
      speed: 35,
      tripId: 't-1',
      routeId: '801',
      telemetry,
    });
  });

  it('keeps a heading of 0 and a speed of 0', () => {
    const p = payload({
      location: { latitude: 30.27, longitude: -97.74, heading: 0, speed: 0 },
    });

    expect(fromPayload(p, RECEIVED)).toMatchObject({ heading: 0, speed: 0 });
  });

  it('leaves out a heading or speed that is not finite', () => {
    const p = payload({
      location: { latitude: 30.27, longitude: -97.74, heading: NaN, speed: Infinity },
    });

    const v = fromPayload(p, RECEIVED);

    expect([v && 'heading' in v, v && 'speed' in v]).toEqual([false, false]);
  });

  it('returns null for an unreadable timestamp', () => {
    expect(fromPayload(payload({ timestamp: 'yesterday' }), RECEIVED)).toBeNull();
  });

  it.each([
    ['latitude', { latitude: NaN, longitude: -97.74 }],
    ['longitude', { latitude: 30.27, longitude: Infinity }],
  ])('returns null for a non-finite %s', (_name, location) => {
    expect(fromPayload(payload({ location }), RECEIVED)).toBeNull();
  });
});
