import { describe, expect, it, vi } from 'vitest';
import { FleetState } from '../../../server/fleet/fleet-state';
import type { VehicleState } from '../../../server/fleet/vehicle-state';
import type { Fix } from '../../../server/ingest/fix';
import { Ingest } from '../../../server/ingest/ingest';

const NOW = Date.UTC(2026, 2, 10, 10, 0, 0);
const MINUTE = 60_000;
/** A JSON body carrying 1e400 parses to Infinity. */
const OVERFLOW = JSON.parse('1e400') as number;

function fix(
  vehicleId: string,
  minutesAgo: number,
  lat: number,
  over: Partial<Fix> = {},
): Fix {
  return { vehicleId, deviceTime: NOW - minutesAgo * MINUTE, lat, lon: -97.74, ...over };
}

function bad(value: unknown): number {
  return value as unknown as number;
}

/** An Ingest over a real FleetState holding veh-A, veh-B and veh-C. */
function setup() {
  const state = new FleetState();
  for (const id of ['veh-A', 'veh-B', 'veh-C']) {
    state.register({ id, fleetId: 'fleet-1', label: id, timeScale: 1 });
  }
  const store = vi.fn<(fix: Fix, odometerKm: number | undefined, at: number) => void>();
  const onCurrent = vi.fn<(state: VehicleState) => void>();
  const ingest = new Ingest({ state, store, onCurrent, now: () => NOW });
  return { state, store, onCurrent, ingest };
}

describe('Ingest', () => {
  it('publishes and stores a fix that becomes current', () => {
    const { ingest, store, onCurrent } = setup();
    const input = fix('veh-A', 1, 30.27);

    const result = ingest.accept(input);

    expect(result).toEqual({ outcome: 'current' });
    expect(store).toHaveBeenCalledExactlyOnceWith(input, 0, NOW);
    expect(onCurrent).toHaveBeenCalledExactlyOnceWith(
      expect.objectContaining({ vehicleId: 'veh-A', fleetId: 'fleet-1', fix: input }),
    );
  });

  it('counts each outcome', () => {
    const { ingest } = setup();

    ingest.accept(fix('veh-A', 2, 30.27));
    ingest.accept(fix('veh-A', 1, 30.271));
    ingest.accept(fix('veh-A', 1, 30.271));
    ingest.accept(fix('veh-A', 3, 30.26));
    ingest.accept(fix('veh-A', 0, 0, { lon: 0 }));

    expect(ingest.counts).toEqual({ current: 2, late: 1, duplicate: 1, rejected: 1 });
  });

  it('counts rejections by reason', () => {
    const { ingest } = setup();

    ingest.accept(fix('veh-A', 0, 0, { lon: 0 }));
    ingest.accept(fix('veh-B', 0, 0, { lon: 0 }));
    ingest.accept(fix('veh-X', 1, 30.27));

    expect(Object.fromEntries(ingest.rejectedBy)).toEqual({
      no_fix: 2,
      unknown_vehicle: 1,
    });
  });

  it('rejects a fix from an unregistered vehicle', () => {
    const { ingest, store, onCurrent } = setup();

    const result = ingest.accept(fix('veh-X', 1, 30.27));

    expect(result).toEqual({
      outcome: 'rejected',
      rejection: {
        reason: 'unknown_vehicle',
        field: 'vehicleId',
        message: 'vehicle veh-X is not registered to any fleet',
      },
    });
    expect(store).not.toHaveBeenCalled();
    expect(onCurrent).not.toHaveBeenCalled();
  });

  it('passes on the validation rejection unchanged', () => {
    const { ingest } = setup();

    const result = ingest.accept(fix('veh-A', -10, 30.27));

    expect(result).toEqual({
      outcome: 'rejected',
      rejection: {
        reason: 'future_time',
        field: 'deviceTime',
        message: 'device time is 600 s in the future',
      },
    });
  });

  it('stores a late fix without an odometer and does not publish it', () => {
    const { ingest, store, onCurrent } = setup();
    ingest.accept(fix('veh-A', 1, 30.271));
    store.mockClear();
    onCurrent.mockClear();
    const late = fix('veh-A', 5, 30.27);

    const result = ingest.accept(late);

    expect(result).toEqual({ outcome: 'late' });
    expect(store).toHaveBeenCalledExactlyOnceWith(late, undefined, NOW);
    expect(onCurrent).not.toHaveBeenCalled();
  });

  it('neither stores nor publishes a duplicate', () => {
    const { ingest, store, onCurrent } = setup();
    ingest.accept(fix('veh-A', 1, 30.27));
    store.mockClear();
    onCurrent.mockClear();

    const result = ingest.accept(fix('veh-A', 1, 30.27));

    expect(result).toEqual({ outcome: 'duplicate' });
    expect(store).not.toHaveBeenCalled();
    expect(onCurrent).not.toHaveBeenCalled();
  });

  it('stores the current fix with the heading derived from the track', () => {
    const { ingest, store } = setup();
    ingest.accept(fix('veh-A', 2, 30.27));

    ingest.accept(fix('veh-A', 1, 30.271));

    const [stored, odometerKm] = store.mock.calls[1] ?? [];
    expect(stored?.heading).toBeCloseTo(0, 6);
    expect(odometerKm).toBeCloseTo(0.1112, 4);
  });

  it('stores the normalised heading a device reported', () => {
    const { ingest, store } = setup();

    ingest.accept(fix('veh-A', 1, 30.27, { heading: -90 }));

    expect(store.mock.calls[0]?.[0].heading).toBe(270);
  });

  it('keeps veh-A updating while veh-C sends ten no-fix reports (field case C04)', () => {
    const { ingest, onCurrent } = setup();

    const outcomes = [];
    for (let i = 10; i > 0; i--) {
      outcomes.push(ingest.accept(fix('veh-C', i, 0, { lon: 0 })).rejection?.reason);
      ingest.accept(fix('veh-A', i, 30.27 + (10 - i) * 0.001));
    }

    expect(outcomes).toEqual(Array(10).fill('no_fix'));
    expect(onCurrent.mock.calls.map(([s]) => s.vehicleId)).toEqual(
      Array(10).fill('veh-A'),
    );
  });

  describe('non-finite input (field case C11)', () => {
    it.each([
      ['NaN latitude', { lat: NaN }],
      ['null latitude', { lat: bad(null) }],
      ['empty-string latitude', { lat: bad('') }],
      ['missing longitude', { lon: bad(undefined) }],
      ["'52,52' string latitude", { lat: bad('52,52') }],
      ['infinite latitude', { lat: OVERFLOW }],
    ])('rejects a %s as invalid coordinates', (_name, over) => {
      const { ingest } = setup();

      const result = ingest.accept(fix('veh-A', 1, 30.27, over));

      expect(result.rejection?.reason).toBe('invalid_coordinates');
    });

    it('lets no non-finite coordinate reach onCurrent', () => {
      const { ingest, onCurrent } = setup();
      const broken = [NaN, null, '', undefined, '52,52', OVERFLOW];

      broken.forEach((value, i) => {
        ingest.accept(fix('veh-A', 20 - i, bad(value)));
        ingest.accept(fix('veh-B', 20 - i, 30.27, { lon: bad(value) }));
      });
      ingest.accept(fix('veh-A', 1, 30.27));

      const published = onCurrent.mock.calls.map(([s]) => [s.fix.lat, s.fix.lon]);
      expect(published).toEqual([[30.27, -97.74]]);
    });
  });
});

describe('Ingest.keep', () => {
  it('stores a history fix under the same policy without making it current', () => {
    const { ingest, state, store, onCurrent } = setup();
    const old = fix('veh-A', 60, 30.27);

    expect(ingest.keep(old)).toEqual({ outcome: 'late' });
    expect(store).toHaveBeenCalledExactlyOnceWith(old, undefined, NOW);
    expect(onCurrent).not.toHaveBeenCalled();
    expect(state.state('veh-A')).toBeUndefined();
  });

  it('refuses what accept refuses', () => {
    const { ingest, store } = setup();

    expect(ingest.keep(fix('veh-A', 1, 0, { lon: 0 })).rejection?.reason).toBe('no_fix');
    expect(ingest.keep(fix('veh-X', 1, 30.27)).rejection?.reason).toBe('unknown_vehicle');
    expect(store).not.toHaveBeenCalled();
  });

  it('finds the current fix itself a duplicate', () => {
    const { ingest, store } = setup();
    ingest.accept(fix('veh-A', 1, 30.27));
    store.mockClear();

    expect(ingest.keep(fix('veh-A', 1, 30.27))).toEqual({ outcome: 'duplicate' });
    expect(store).not.toHaveBeenCalled();
  });
});
