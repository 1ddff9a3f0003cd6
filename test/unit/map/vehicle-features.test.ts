import { describe, expect, it } from 'vitest';
import type { Vehicle } from '../../../lib/fleet/vehicle';
import {
  selectedFeatures,
  vehicleFeatures,
  COLLECTION_JSON,
  featuresJson,
} from '../../../lib/map/vehicle-features';

const NOW = Date.UTC(2026, 2, 10, 10, 0, 0);

function vehicle(id: string, over: Partial<Vehicle> = {}): Vehicle {
  return {
    id,
    fleetId: 'f',
    lat: 30.27,
    lon: -97.74,
    deviceTime: NOW,
    receivedAt: NOW,
    ...over,
  };
}

const input = {
  vehicles: {
    'bus-1': vehicle('bus-1', { heading: 90 }),
    'bus-2': vehicle('bus-2', { lon: -97.7 }),
  },
  labels: { 'bus-1': 'Route 801 · 5012' },
  statusOf: () => 'moving' as const,
};

describe('vehicleFeatures', () => {
  it('leaves the selected vehicle out of the clustered source', () => {
    const ids = vehicleFeatures(input, 'bus-1').features.map((f) => f.properties.id);

    expect(ids).toEqual(['bus-2']);
  });

  it('includes every vehicle when none is selected', () => {
    expect(vehicleFeatures(input, null).features).toHaveLength(2);
  });

  it('labels a vehicle from the roster, else from its id', () => {
    const props = vehicleFeatures(input, null).features.map((f) => f.properties);

    expect(props).toEqual([
      { id: 'bus-1', status: 'moving', label: 'Route 801 · 5012', heading: 90 },
      { id: 'bus-2', status: 'moving', label: 'Bus 2' },
    ]);
  });
});

describe('featuresJson', () => {
  const [open, close] = COLLECTION_JSON;
  const all = Object.values(input.vehicles);

  it('writes the same collection as vehicleFeatures, as JSON text', () => {
    const json = open + featuresJson(input, all, 'bus-2') + close;

    expect(JSON.parse(json)).toEqual(vehicleFeatures(input, 'bus-2'));
  });

  it('writes nothing for a slice holding only the selected vehicle', () => {
    expect(featuresJson(input, all.slice(0, 1), 'bus-1')).toBe('');
  });

  it('writes where a vehicle is drawn when told', () => {
    const moved = { ...input, positionOf: (): [number, number] => [1.5, -2] };
    const json = open + featuresJson(moved, all, null) + close;

    const fc = JSON.parse(json) as ReturnType<typeof vehicleFeatures>;
    expect(fc.features.map((f) => f.geometry.coordinates)).toEqual([
      [1.5, -2],
      [1.5, -2],
    ]);
  });
});

describe('selectedFeatures', () => {
  it('holds the selected vehicle alone, where it is drawn', () => {
    const fc = selectedFeatures({ ...input, positionOf: () => [1, 2] }, 'bus-2');

    expect(fc.features.map((f) => f.geometry.coordinates)).toEqual([[1, 2]]);
  });

  it('is empty when nothing is selected or the vehicle is gone', () => {
    expect(selectedFeatures(input, null).features).toEqual([]);
    expect(selectedFeatures(input, 'bus-9').features).toEqual([]);
  });
});
