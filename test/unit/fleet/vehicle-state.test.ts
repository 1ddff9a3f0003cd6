import { describe, expect, it } from 'vitest';
import {
  applyFix,
  type Applied,
  type VehicleContext,
  type VehicleState,
} from '../../../server/fleet/vehicle-state';
import type { Fix } from '../../../server/ingest/fix';

const T0 = Date.UTC(2026, 2, 10, 10, 0, 0);
const SECOND = 1000;
const MINUTE = 60 * SECOND;
/** About 111 m of latitude. */
const NORTH_STEP = 0.001;

function ctx(over: Partial<VehicleContext> = {}): VehicleContext {
  return { fleetId: 'fleet-a', timeScale: 1, receivedAt: T0, ...over };
}

function fix(deviceTime: number, lat: number, lon: number, over: Partial<Fix> = {}): Fix {
  return { vehicleId: 'bus-1', deviceTime, lat, lon, ...over };
}

/** Folds fixes in arrival order, as FleetState does, keeping every outcome. */
function fold(fixes: Fix[], context: VehicleContext = ctx()) {
  let state: VehicleState | undefined;
  const outcomes: Applied[] = [];
  for (const f of fixes) {
    const applied = applyFix(state, f, context);
    outcomes.push(applied);
    if (applied.kind === 'current') state = applied.state;
  }
  return { state, outcomes };
}

function current(applied: Applied): VehicleState {
  if (applied.kind !== 'current')
    throw new Error(`expected current, got ${applied.kind}`);
  return applied.state;
}

describe('applyFix', () => {
  it('makes the first fix current with a zero odometer and no heading', () => {
    const first = fix(T0, 30, -97);

    const state = current(applyFix(undefined, first, ctx({ receivedAt: T0 + 500 })));

    expect(state).toEqual({
      vehicleId: 'bus-1',
      fleetId: 'fleet-a',
      fix: first,
      odometerKm: 0,
      receivedAt: T0 + 500,
    });
  });

  describe('ordering by device time (field case C01)', () => {
    it('keeps the newest fix current when buffered older fixes arrive after it', () => {
      const newest = fix(T0 + 5 * MINUTE, 30.005, -97);

      const { state } = fold([
        fix(T0, 30, -97),
        newest,
        fix(T0 + 1 * MINUTE, 30.001, -97),
        fix(T0 + 2 * MINUTE, 30.002, -97),
      ]);

      expect(state?.fix).toBe(newest);
    });

    it('reports the buffered older fixes as late', () => {
      const { outcomes } = fold([
        fix(T0, 30, -97),
        fix(T0 + 5 * MINUTE, 30.005, -97),
        fix(T0 + 1 * MINUTE, 30.001, -97),
        fix(T0 + 2 * MINUTE, 30.002, -97),
      ]);

      expect(outcomes.map((o) => o.kind)).toEqual(['current', 'current', 'late', 'late']);
    });

    it('returns nothing but the kind for a late fix', () => {
      const { state } = fold([fix(T0 + MINUTE, 30, -97)]);

      expect(applyFix(state, fix(T0, 30.001, -97), ctx())).toEqual({ kind: 'late' });
    });
  });

  describe('duplicates', () => {
    it('reports a fix with the current device time as a duplicate', () => {
      const { state } = fold([fix(T0, 30, -97)]);

      expect(applyFix(state, fix(T0, 30, -97), ctx())).toEqual({ kind: 'duplicate' });
    });

    it('treats a different position at the same device time as a duplicate', () => {
      const { state } = fold([fix(T0, 30, -97)]);

      expect(applyFix(state, fix(T0, 31, -97), ctx()).kind).toBe('duplicate');
    });
  });

  describe('heading', () => {
    it('derives about 0° from a move north', () => {
      const { state } = fold([fix(T0, 30, -97), fix(T0 + MINUTE, 30 + NORTH_STEP, -97)]);

      expect(state?.heading).toBeCloseTo(0, 6);
    });

    it('derives about 90° from a move east', () => {
      const { state } = fold([fix(T0, 30, -97), fix(T0 + MINUTE, 30, -96.999)]);

      expect(state?.heading).toBeCloseTo(90, 2);
    });

    it('keeps the reported heading over the derived one', () => {
      const moved = fix(T0 + MINUTE, 30 + NORTH_STEP, -97, { heading: 45 });

      const { state } = fold([fix(T0, 30, -97), moved]);

      expect(state?.heading).toBe(45);
    });

    it('keeps the previous heading when the step is GPS jitter under 15 m', () => {
      const { state } = fold([
        fix(T0, 30, -97),
        fix(T0 + MINUTE, 30 + NORTH_STEP, -97),
        // About 10 m east: a bearing from it would say 90°.
        fix(T0 + 2 * MINUTE, 30 + NORTH_STEP, -96.9999),
      ]);

      expect(state?.heading).toBeCloseTo(0, 6);
    });

    it('has no heading when jitter follows a fix with none', () => {
      const { state } = fold([fix(T0, 30, -97), fix(T0 + MINUTE, 30.00005, -97)]);

      expect(state).not.toHaveProperty('heading');
    });

    it('has no heading after a declared track break', () => {
      const { state } = fold([
        fix(T0, 30, -97),
        fix(T0 + MINUTE, 30 + NORTH_STEP, -97, { trackBreak: true }),
      ]);

      expect(state).not.toHaveProperty('heading');
    });

    it('has no heading after a physically impossible jump', () => {
      // 1.1 km in 10 s is 111 m/s.
      const { state } = fold([fix(T0, 30, -97), fix(T0 + 10 * SECOND, 30.01, -97)]);

      expect(state).not.toHaveProperty('heading');
    });

    it('forgets an earlier heading after a jump', () => {
      const { state } = fold([
        fix(T0, 30, -97),
        fix(T0 + MINUTE, 30 + NORTH_STEP, -97),
        fix(T0 + MINUTE + 10 * SECOND, 30.02, -97),
      ]);

      expect(state).not.toHaveProperty('heading');
    });
  });

  describe('odometer', () => {
    it('sums the distance travelled in kilometres', () => {
      const { state } = fold([
        fix(T0, 30, -97),
        fix(T0 + MINUTE, 30.001, -97),
        fix(T0 + 2 * MINUTE, 30.002, -97),
      ]);

      // 0.002° of latitude is 222.4 m on the mean-radius sphere.
      expect(state?.odometerKm).toBeCloseTo(0.2224, 4);
    });

    it('takes the odometer the device reports, summing on from it', () => {
      const { state } = fold([
        fix(T0, 30, -97, { odometerKm: 15_000 }),
        fix(T0 + MINUTE, 30.001, -97),
      ]);

      expect(state?.odometerKm).toBeCloseTo(15_000.1112, 4);
    });

    it('adds nothing across a declared track break', () => {
      const { state } = fold([
        fix(T0, 30, -97),
        fix(T0 + MINUTE, 30.001, -97),
        fix(T0 + 2 * MINUTE, 30.002, -97, { trackBreak: true }),
      ]);

      expect(state?.odometerKm).toBeCloseTo(0.1112, 4);
    });

    it('adds nothing for a physically impossible jump', () => {
      const { state } = fold([fix(T0, 30, -97), fix(T0 + 10 * SECOND, 30.01, -97)]);

      expect(state?.odometerKm).toBe(0);
    });

    it('ignores late fixes', () => {
      const { state } = fold([
        fix(T0, 30, -97),
        fix(T0 + 2 * MINUTE, 30.001, -97),
        fix(T0 + MINUTE, 30.05, -97),
      ]);

      expect(state?.odometerKm).toBeCloseTo(0.1112, 4);
    });
  });

  describe('time scale', () => {
    // 500 m north in 6 device seconds.
    const start = fix(T0, 30, -97);
    const moved = fix(T0 + 6 * SECOND, 30.0044966, -97);

    it('accepts a replayed step that is plausible in recorded time', () => {
      // At timeScale 10 the 6 device seconds were 60 recorded ones: 8.3 m/s.
      const { state } = fold([start, moved], ctx({ timeScale: 10 }));

      expect(state?.odometerKm).toBeCloseTo(0.5, 3);
      expect(state?.heading).toBeCloseTo(0, 6);
    });

    it('treats the same step as a jump at timeScale 1', () => {
      // 500 m in 6 s is 83 m/s, above the 70 m/s limit.
      const { state } = fold([start, moved], ctx({ timeScale: 1 }));

      expect(state?.odometerKm).toBe(0);
      expect(state).not.toHaveProperty('heading');
    });
  });

  it('records the fleet and arrival time from the context', () => {
    const { state } = fold(
      [fix(T0, 30, -97)],
      ctx({ fleetId: 'fleet-z', receivedAt: 42 }),
    );

    expect(state).toMatchObject({ fleetId: 'fleet-z', receivedAt: 42 });
  });
});
