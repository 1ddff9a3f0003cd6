import { describe, expect, expectTypeOf, it } from 'vitest';
import { FIX_REJECT_CODES, type Device, type FixRejectCode } from '../../../lib/protocol';
import type { RejectReason } from '../../../server/ingest/validate';
import { readWireFix } from '../../../server/sources/http-fixes';

const DEVICES: Record<string, Device> = {
  'dev-1': {
    device_id: 'dev-1',
    fleet_id: 'f1',
    vehicle_id: 'truck-7',
    label: 'Truck 7',
    kind: 'http',
    created_at: '2026-01-01T00:00:00.000Z',
  },
};
const lookup = (id: string) => DEVICES[id];

describe('readWireFix', () => {
  it('translates every field into our units and names', () => {
    const c = readWireFix(
      {
        device_id: 'dev-1',
        timestamp: 1_773_136_800_000,
        lat: 30.2,
        lon: -97.7,
        speed_kmh: 50,
        heading: 90,
        altitude: 150,
        accuracy: 4,
        odometer_km: 12_000.5,
        fuel_level: 40,
        engine_rpm: 1500,
        engine_temp: 88,
        engine_load: 35,
        maf: 12.5,
        trip_id: 't1',
        route_id: 'r1',
      },
      0,
      'f1',
      lookup,
    );

    expect(c).toEqual({
      fix: {
        vehicleId: 'truck-7',
        deviceTime: 1_773_136_800_000,
        lat: 30.2,
        lon: -97.7,
        speedKmh: 50,
        heading: 90,
        altitudeM: 150,
        accuracyM: 4,
        odometerKm: 12_000.5,
        fuelLevel: 40,
        engineRpm: 1500,
        engineTemp: 88,
        engineLoad: 35,
        mafGs: 12.5,
        tripId: 't1',
        routeId: 'r1',
      },
    });
  });

  it("refuses another fleet's device as unregistered", () => {
    const c = readWireFix(
      { device_id: 'dev-1', timestamp: '2026-03-10T10:00:00Z', lat: 1, lon: 2 },
      3,
      'f2',
      lookup,
    );
    expect(c).toEqual({
      refused: {
        code: 'unknown_device',
        message: 'fixes[3].device_id dev-1 is not registered to fleet f2',
      },
    });
  });

  it.each([
    [
      { timestamp: 1.5 },
      'invalid_time',
      'fixes[0].timestamp: epoch time must be a whole number of milliseconds',
    ],
    [
      { timestamp: true },
      'invalid_time',
      'fixes[0].timestamp must be an ISO 8601 time with a zone or epoch milliseconds',
    ],
    [
      { vehicle_id: 'a b' },
      'invalid_vehicle',
      'fixes[0].vehicle_id must be 1–64 letters, digits or . _ : @ -',
    ],
    [{ trip_id: '' }, 'invalid_value', expect.stringMatching(/^fixes\[0\]\.trip_id /)],
  ])('refuses %j', (over, code, message) => {
    const c = readWireFix(
      { vehicle_id: 'v', timestamp: '2026-03-10T10:00:00Z', lat: 1, lon: 2, ...over },
      0,
      'f1',
      lookup,
    );
    const vehicleId = 'vehicle_id' in over ? over.vehicle_id : 'v';
    expect(c).toEqual({ refused: { code, message }, vehicleId });
  });

  it('names no vehicle for a refused fix that names none', () => {
    const c = readWireFix({ timestamp: 1, lat: 1, lon: NaN }, 0, 'f1', lookup);

    expect(c).not.toHaveProperty('vehicleId');
  });

  it('names the vehicle of a device of this fleet only', () => {
    const raw = { device_id: 'dev-1', timestamp: 1, lat: 'x', lon: 2 };

    expect(readWireFix(raw, 0, 'f1', lookup)).toHaveProperty('vehicleId', 'truck-7');
    expect(readWireFix(raw, 0, 'f2', lookup)).not.toHaveProperty('vehicleId');
  });

  it('refuses something that is not an object', () => {
    expect(readWireFix('x', 2, 'f1', lookup)).toEqual({
      refused: { code: 'invalid_value', message: 'fixes[2] must be an object' },
    });
  });
});

describe('the reject codes on the wire', () => {
  it('hold every reason of the ingest policy', () => {
    expectTypeOf<RejectReason>().toExtend<FixRejectCode>();
    const policy: Record<RejectReason, true> = {
      invalid_vehicle: true,
      unknown_vehicle: true,
      invalid_time: true,
      future_time: true,
      invalid_coordinates: true,
      coordinates_out_of_range: true,
      no_fix: true,
      swapped_coordinates: true,
      teleport: true,
      invalid_value: true,
    };
    expect(FIX_REJECT_CODES).toEqual(expect.arrayContaining(Object.keys(policy)));
  });
});
