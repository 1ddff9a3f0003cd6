import { describe, expect, it } from 'vitest';
import {
  FuelMeter,
  litresPerHour,
  MAX_FUEL_GAP_MS,
} from '../../../../server/engine/fuel';
import { fix, HOME, offset, Rig, SECOND, T0 } from './support';

/** The air flow that burns exactly one litre of petrol an hour, g/s. */
const ONE_LITRE_AN_HOUR = (14.7 * 745) / 3600;

describe('litresPerHour', () => {
  it('turns air flow into petrol flow at 14.7 g of air per g and 745 g/L', () => {
    expect(litresPerHour(ONE_LITRE_AN_HOUR)).toBeCloseTo(1, 12);
    expect(litresPerHour(10)).toBeCloseTo(3.287, 3);
  });

  it('burns nothing when no air flows', () => {
    expect(litresPerHour(0)).toBe(0);
  });
});

describe('FuelMeter', () => {
  it('counts nothing on the first reading', () => {
    const meter = new FuelMeter();

    expect(meter.step(T0, { mafGs: 20 }, 0)).toBeUndefined();
  });

  it('integrates the mean flow of two readings over the time between them', () => {
    const meter = new FuelMeter();
    const flow = 3600 * ONE_LITRE_AN_HOUR;
    meter.step(T0, { mafGs: 0 }, 5);

    const step = meter.step(T0 + 20 * SECOND, { mafGs: 2 * flow }, 5.3);

    // A mean of 3600 L/h for 20 s is 20 L.
    expect(step?.litres).toBeCloseTo(20, 9);
    expect(step?.km).toBeCloseTo(0.3, 9);
  });

  it('counts a pair exactly MAX_FUEL_GAP_MS apart', () => {
    const meter = new FuelMeter();
    meter.step(T0, { mafGs: 10 }, 0);

    expect(meter.step(T0 + MAX_FUEL_GAP_MS, { mafGs: 10 }, 0.2)).toBeDefined();
  });

  it('skips a gap longer than 30 s and counts again from the far side', () => {
    const meter = new FuelMeter();
    meter.step(T0, { mafGs: 10 }, 0);

    const across = meter.step(T0 + 31 * SECOND, { mafGs: 10 }, 0.5);
    const after = meter.step(T0 + 32 * SECOND, { mafGs: 10 }, 0.51);

    expect(across).toBeUndefined();
    expect(after?.km).toBeCloseTo(0.01, 9);
  });

  it('needs air flow on both fixes of a pair', () => {
    const meter = new FuelMeter();
    meter.step(T0, { mafGs: 10 }, 0);

    const without = meter.step(T0 + SECOND, {}, 0.01);
    const next = meter.step(T0 + 2 * SECOND, { mafGs: 10 }, 0.02);

    expect([without, next]).toEqual([undefined, undefined]);
  });

  it('counts nothing across a track break or time running backwards', () => {
    const meter = new FuelMeter();
    meter.step(T0, { mafGs: 10 }, 0);

    const broken = meter.step(T0 + SECOND, { mafGs: 10, trackBreak: true }, 0);
    const backwards = meter.step(T0, { mafGs: 10 }, 0);

    expect([broken, backwards]).toEqual([undefined, undefined]);
  });
});

/** Fixes of one car a device second apart, driving north 20 m each. */
function drive(rig: Rig, id: string, n: number, more: { mafGs?: number } = {}): void {
  for (let i = 0; i < n; i++) {
    rig.wall = T0 + i * SECOND;
    const at = offset(HOME, 20 * i);
    rig.feed(fix(id, T0 + i * SECOND, { ...at, speedKmh: 72, ...more }));
  }
}

describe('Engine: fuel efficiency', () => {
  it('sends the fleet L/100 km from the air flow of its cars', () => {
    const rig = new Rig([{ id: 'car-1', fleetId: 'cars' }]);
    drive(rig, 'car-1', 100, { mafGs: 20 });

    rig.engine.publishMetrics();

    // 99 s at 6.574 L/h is 0.1808 L over 1.98 km.
    const [m] = rig.on('fleet_metrics');
    expect(m?.payload.metrics.fuel_efficiency).toBe(9.1);
  });

  it('integrates over physical seconds on a replayed vehicle', () => {
    const rig = new Rig([{ id: 'car-1', fleetId: 'cars', timeScale: 10 }]);
    // A device second is ten physical ones: 200 m and 10 s per step.
    for (let i = 0; i < 11; i++) {
      rig.wall = T0 + i * SECOND;
      const at = offset(HOME, 200 * i);
      rig.feed(fix('car-1', T0 + i * SECOND, { ...at, mafGs: 20 }));
    }

    rig.engine.publishMetrics();

    // 100 s at 6.574 L/h is 0.1826 L over 2 km.
    expect(rig.on('fleet_metrics')[0]?.payload.metrics.fuel_efficiency).toBe(9.1);
  });

  it('omits fuel_efficiency for a fleet whose vehicles report no air flow', () => {
    const rig = new Rig([{ id: 'bus-1', fleetId: 'buses' }]);
    drive(rig, 'bus-1', 100);

    rig.engine.publishMetrics();

    const metrics = rig.on('fleet_metrics')[0]?.payload.metrics;
    expect(metrics).toBeDefined();
    expect(metrics).not.toHaveProperty('fuel_efficiency');
  });

  it('sends the air flow on the telemetry channel', () => {
    const rig = new Rig([{ id: 'car-1', fleetId: 'cars' }]);

    rig.feed(fix('car-1', T0, { mafGs: 14.853 }));

    expect(rig.on('telemetry')[0]?.payload.telemetry).toEqual({
      maf: 14.85,
      odometer: 0,
    });
  });
});
