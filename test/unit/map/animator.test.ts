import { describe, expect, it } from 'vitest';
import type { Vehicle } from '../../../lib/fleet/vehicle';
import { VehicleAnimator } from '../../../lib/map/animator';

const T0 = Date.UTC(2026, 2, 10, 10, 0, 0);

function vehicle(over: Partial<Vehicle> = {}): Vehicle {
  return {
    id: 'bus-1',
    fleetId: 'fleet-1',
    lat: 52.5,
    lon: 13.4,
    deviceTime: T0,
    receivedAt: T0,
    ...over,
  };
}

function byId(...vehicles: Vehicle[]): Record<string, Vehicle> {
  return Object.fromEntries(vehicles.map((v) => [v.id, v]));
}

/** An animator that has drawn bus-1 at 13.4, 52.5 (received at T0). */
function withFirstFix(): VehicleAnimator {
  const animator = new VehicleAnimator();
  animator.update(byId(vehicle()), T0);
  return animator;
}

describe('VehicleAnimator', () => {
  describe('update', () => {
    it('draws a vehicle at its first fix without gliding', () => {
      const animator = withFirstFix();

      expect([animator.animating(T0), animator.position('bus-1', T0)]).toEqual([
        false,
        [13.4, 52.5],
      ]);
    });

    it('glides to the second fix over the time between the two fixes', () => {
      const animator = withFirstFix();
      const second = vehicle({
        lon: 13.41,
        deviceTime: T0 + 5000,
        receivedAt: T0 + 5000,
      });

      animator.update(byId(second), T0 + 5000);

      expect(animator.position('bus-1', T0 + 5000)).toEqual([13.4, 52.5]);
      expect(animator.position('bus-1', T0 + 7500)?.[0]).toBeCloseTo(13.405, 9);
      expect(animator.position('bus-1', T0 + 10_000)).toEqual([13.41, 52.5]);
    });

    it('is animating while a glide runs and stops when it ends', () => {
      const animator = withFirstFix();
      const second = vehicle({
        lon: 13.41,
        deviceTime: T0 + 5000,
        receivedAt: T0 + 5000,
      });

      animator.update(byId(second), T0 + 5000);

      expect([animator.animating(T0 + 9999), animator.animating(T0 + 10_000)]).toEqual([
        true,
        false,
      ]);
    });

    it('does not restart the glide when the fix has not changed', () => {
      const animator = withFirstFix();
      const second = vehicle({
        lon: 13.41,
        deviceTime: T0 + 5000,
        receivedAt: T0 + 5000,
      });
      animator.update(byId(second), T0 + 5000);

      animator.update(byId(second), T0 + 7500);

      expect(animator.position('bus-1', T0 + 10_000)).toEqual([13.41, 52.5]);
    });

    it('starts a new glide from where the vehicle is drawn mid-glide', () => {
      const animator = withFirstFix();
      animator.update(
        byId(vehicle({ lon: 13.41, deviceTime: T0 + 5000, receivedAt: T0 + 5000 })),
        T0 + 5000,
      );

      animator.update(
        byId(vehicle({ lon: 13.42, deviceTime: T0 + 7500, receivedAt: T0 + 7500 })),
        T0 + 7500,
      );

      expect(animator.position('bus-1', T0 + 7500)?.[0]).toBeCloseTo(13.405, 9);
    });

    it('drops a vehicle that is no longer in the store', () => {
      const animator = withFirstFix();

      animator.update({}, T0 + 1000);

      expect(animator.position('bus-1', T0 + 1000)).toBeUndefined();
    });

    it('drops a removed vehicle whose id is also an Object.prototype key', () => {
      const animator = new VehicleAnimator();
      animator.update(byId(vehicle({ id: 'constructor' })), T0);

      animator.update({}, T0 + 1000);

      expect(animator.position('constructor', T0 + 1000)).toBeUndefined();
    });

    it('draws a returning vehicle at its fix without gliding', () => {
      const animator = withFirstFix();
      animator.update({}, T0 + 1000);

      animator.update(byId(vehicle({ lon: 13.41, deviceTime: T0 + 2000 })), T0 + 2000);

      expect(animator.animating(T0 + 2000)).toBe(false);
    });
  });

  describe('features', () => {
    it('carries the id, status and heading of a vehicle that reports one', () => {
      const animator = withFirstFix();
      const v = vehicle({ heading: 90, speed: 30 });

      const { features } = animator.features(byId(v), T0);

      expect(features).toEqual([
        {
          type: 'Feature',
          geometry: { type: 'Point', coordinates: [13.4, 52.5] },
          properties: { id: 'bus-1', status: 'moving', heading: 90 },
        },
      ]);
    });

    it('carries no heading when the heading is unknown', () => {
      const animator = withFirstFix();

      const [feature] = animator.features(byId(vehicle()), T0).features;

      expect(feature?.properties).toEqual({ id: 'bus-1', status: 'stopped' });
    });

    it('marks a vehicle stale after the given time without fixes', () => {
      const animator = withFirstFix();

      const [feature] = animator.features(byId(vehicle()), T0 + 60_001, 60_000).features;

      expect(feature?.properties.status).toBe('stale');
    });

    it('places a gliding vehicle where it is drawn, not at its fix', () => {
      const animator = withFirstFix();
      const second = vehicle({
        lon: 13.41,
        deviceTime: T0 + 5000,
        receivedAt: T0 + 5000,
      });
      animator.update(byId(second), T0 + 5000);

      const [feature] = animator.features(byId(second), T0 + 7500).features;

      expect(feature?.geometry.coordinates[0]).toBeCloseTo(13.405, 9);
    });

    it('places a vehicle it has not been updated with at its fix', () => {
      const animator = new VehicleAnimator();

      const [feature] = animator.features(byId(vehicle()), T0).features;

      expect(feature?.geometry.coordinates).toEqual([13.4, 52.5]);
    });
  });
});
