import { describe, expect, it } from 'vitest';
import { TripDetector, type TripSample } from '../../../../server/engine/trips';
import { HOME, MINUTE, offset, SECOND, T0 } from './support';

/** One fix `s` seconds after T0, `north` metres from HOME. */
function at(s: number, north: number, more: Partial<TripSample> = {}): TripSample {
  return { t: T0 + s * SECOND, ...offset(HOME, north), ...more };
}

/** Feeds samples in order; returns every change with the time it happened. */
function run(detector: TripDetector, samples: TripSample[]) {
  return samples.flatMap((s) =>
    detector
      .step(s)
      .map((c) => ({ at: (s.t - T0) / SECOND, kind: c.kind, trip: c.trip })),
  );
}

/** Driving north at 36 km/h (10 m/s), a fix every 10 s, from `from` to `to` s. */
function drive(from: number, to: number, startM = 0): TripSample[] {
  const out: TripSample[] = [];
  for (let s = from; s <= to; s += 10) {
    out.push(at(s, startM + (s - from) * 10, { speedKmh: 36 }));
  }
  return out;
}

/** Standing at `north` metres, speed 0, a fix every 10 s. */
function park(from: number, to: number, north: number): TripSample[] {
  const out: TripSample[] = [];
  for (let s = from; s <= to; s += 10) out.push(at(s, north, { speedKmh: 0 }));
  return out;
}

/**
 * Parked at `north` metres with GPS jitter: each fix lands 45 m from the
 * true spot, turning by the golden angle, so fixes scatter on all sides.
 */
function jitter(from: number, to: number, north: number): TripSample[] {
  const out: TripSample[] = [];
  for (let s = from, k = 0; s <= to; s += 10, k++) {
    const angle = k * 2.39996;
    const p = offset(HOME, north + 45 * Math.cos(angle), 45 * Math.sin(angle));
    out.push({ t: T0 + s * SECOND, ...p, speedKmh: 0 });
  }
  return out;
}

describe('TripDetector with trip ids', () => {
  it('joins the first trip it sees without announcing it', () => {
    const trips = new TripDetector('car-1');

    const changes = run(trips, [at(0, 0, { tripId: 'A' })]);

    expect([changes, trips.current?.tripId]).toEqual([[], 'A']);
  });

  it('stays on the same trip while the id does not change', () => {
    const trips = new TripDetector('car-1');

    const changes = run(trips, [
      at(0, 0, { tripId: 'A' }),
      at(10, 100, { tripId: 'A' }),
      at(20, 200, { tripId: 'A' }),
    ]);

    expect(changes).toEqual([]);
  });

  it('completes the old trip and starts the new one when the id changes', () => {
    const trips = new TripDetector('car-1');

    const changes = run(trips, [
      at(0, 0, { tripId: 'A' }),
      at(10, 100, { tripId: 'A' }),
      at(20, 200, { tripId: 'B' }),
    ]);

    expect(changes.map((c) => [c.at, c.kind, c.trip.tripId])).toEqual([
      [20, 'completed', 'A'],
      [20, 'started', 'B'],
    ]);
  });

  it('announces a trip that begins after the vehicle was first seen', () => {
    const trips = new TripDetector('car-1');

    const changes = run(trips, [at(0, 0), at(10, 0, { tripId: 'A' })]);

    expect(changes.map((c) => [c.kind, c.trip.tripId, c.trip.startedAt])).toEqual([
      ['started', 'A', T0 + 10 * SECOND],
    ]);
  });

  it('sums the distance between the fixes of a trip', () => {
    const trips = new TripDetector('car-1');

    const changes = run(trips, [
      at(0, 0, { tripId: 'A' }),
      at(10, 100, { tripId: 'A' }),
      at(20, 50, { tripId: 'A' }),
      at(30, 350, { tripId: 'A' }),
      at(40, 400, { tripId: 'B' }),
    ]);

    const completed = changes.find((c) => c.kind === 'completed')?.trip;
    expect(completed?.distanceKm).toBeCloseTo(0.45, 9);
    expect([completed?.startedAt, completed?.lastAt]).toEqual([T0, T0 + 30 * SECOND]);
  });
});

describe('TripDetector from motion', () => {
  it('starts a trip once the vehicle has driven for a minute', () => {
    const trips = new TripDetector('car-1');

    const changes = run(trips, drive(0, 120));

    expect(changes.map((c) => [c.at, c.kind])).toEqual([[60, 'started']]);
  });

  it('names a motion trip after its vehicle', () => {
    const trips = new TripDetector('car-1');

    const [change] = run(trips, drive(0, 60));

    expect(change?.trip.tripId).toMatch(/^car-1-trip-/);
  });

  it('starts nothing when the vehicle stops before a minute has passed', () => {
    const trips = new TripDetector('car-1');

    const changes = run(trips, [
      ...drive(0, 50),
      ...park(60, 90, 500),
      ...drive(100, 150, 500),
    ]);

    expect(changes).toEqual([]);
  });

  it('never starts a trip from GPS jitter within 50 m while parked, even over hours', () => {
    const trips = new TripDetector('car-1');

    const changes = run(trips, jitter(0, 3 * 3600, 0));

    expect(changes).toEqual([]);
  });

  it('ends a trip after five stationary minutes', () => {
    const trips = new TripDetector('car-1');

    const changes = run(trips, [...drive(0, 120), ...park(130, 130 + 10 * 60, 1200)]);

    expect(changes.map((c) => [c.at, c.kind])).toEqual([
      [60, 'started'],
      [130 + 5 * 60, 'completed'],
    ]);
  });

  it('keeps a trip through a stop shorter than five minutes', () => {
    const trips = new TripDetector('car-1');

    const changes = run(trips, [
      ...drive(0, 120),
      ...park(130, 130 + 4 * 60, 1200),
      ...drive(380, 500, 1200),
    ]);

    expect(changes.map((c) => c.kind)).toEqual(['started']);
  });

  it('ends a trip after five minutes parked and starts no other while GPS jitters', () => {
    const trips = new TripDetector('car-1');

    const changes = run(trips, [...drive(0, 120), ...jitter(130, 130 + 10 * 60, 1200)]);

    expect(changes.map((c) => [c.at, c.kind])).toEqual([
      [60, 'started'],
      [130 + 5 * 60, 'completed'],
    ]);
  });

  it('sums the distance driven from the fix that started the trip', () => {
    const trips = new TripDetector('car-1');

    const changes = run(trips, [...drive(0, 180), ...park(190, 190 + 5 * 60, 1800)]);

    // Confirmed at the 60 s fix, but counted from where driving began (0 m).
    const completed = changes.find((c) => c.kind === 'completed')?.trip;
    expect(completed?.startedAt).toBe(T0);
    expect(completed?.distanceKm).toBeCloseTo(1.8, 9);
  });

  it('starts the next trip after one has ended', () => {
    const trips = new TripDetector('car-1');

    const changes = run(trips, [
      ...drive(0, 60),
      ...park(70, 70 + (5 * MINUTE) / SECOND, 600),
      ...drive(380, 440, 600),
    ]);

    expect(changes.map((c) => [c.at, c.kind])).toEqual([
      [60, 'started'],
      [370, 'completed'],
      [440, 'started'],
    ]);
  });
});
