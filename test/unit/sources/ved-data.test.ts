import { describe, expect, it, vi } from 'vitest';
import type { Fix } from '../../../server/ingest/fix';
import { Replayer } from '../../../server/sources/replayer';
import { loadVed, TRIP_GAP_MS } from '../../../server/sources/ved';
import { sharedData } from './shared-data';

describe('the recorded VED Ann Arbor extract', () => {
  const ved = loadVed(
    sharedData('ved-ann-arbor', 'ved_trips.csv'),
    sharedData('ved-ann-arbor', 'ved_static_vehicles.csv'),
  );
  const trip = (id: string) => ved.trips.find((t) => t.tripId === id);

  it('yields 7 cars, 12 trips and all 6,205 rows as one fleet', () => {
    expect(ved.vehicles).toHaveLength(7);
    expect(ved.trips).toHaveLength(12);
    expect(ved.recording.fixes).toHaveLength(6_205);
    expect(ved.rejected).toEqual([]);
    expect(ved.recording.fleetId).toBe('ann-arbor');
  });

  it('labels the cars with their engine type', () => {
    const labels = ved.vehicles.map((v) => v.label);

    expect(labels).toContain('Car 267 (ICE)');
    expect(labels).toContain('Car 298 (HEV)');
  });

  it('starts the first real trip at 13:59:51 EDT on 2017-11-01', () => {
    expect(trip('ved-298-863')?.realStart).toBe(
      Date.parse('2017-11-01T13:59:51.602-04:00'),
    );
  });

  it('reads a trip after the 2017-11-05 DST change in EST, UTC-5', () => {
    // DayNum 5.52784046296: 2017-11-05 12:40:05.416 on the Ann Arbor clock.
    expect(trip('ved-267-663')?.realStart).toBe(
      Date.parse('2017-11-05T12:40:05.416-05:00'),
    );
    expect(trip('ved-370-1361')?.realStart).toBe(
      Date.parse('2017-11-06T20:20:39.618-05:00'),
    );
  });

  it('starts every car at the earliest real trip start', () => {
    const t0 = Math.min(...ved.trips.map((t) => t.realStart));

    const firsts = new Map<string, number>();
    for (const t of ved.trips) {
      if (!firsts.has(t.vehicleId)) firsts.set(t.vehicleId, t.syntheticStart);
    }

    expect([...firsts.values()]).toEqual(Array(7).fill(t0));
    expect(ved.recording.start).toBe(t0);
  });

  it('starts each following trip 120 s after the previous one ends', () => {
    const car = ved.trips.filter((t) => t.vehicleId === 'car-488');
    const [first, second] = car;

    expect(car).toHaveLength(2);
    const firstEnd = first!.syntheticStart + (first!.realEnd - first!.realStart);
    expect(second!.syntheticStart).toBe(firstEnd + TRIP_GAP_MS);
  });

  it('keeps strictly rising times for every car', () => {
    const last = new Map<string, number>();
    const backwards = ved.recording.fixes.filter(({ recordedTime, fix }) => {
      const before = last.get(fix.vehicleId) ?? -Infinity;
      last.set(fix.vehicleId, recordedTime);
      return recordedTime <= before;
    });

    expect(backwards).toEqual([]);
  });

  it('keeps the recorded spacing inside each trip', () => {
    for (const t of ved.trips) {
      const fixes = ved.recording.fixes.filter((f) => f.fix.tripId === t.tripId);
      const span = fixes.at(-1)!.recordedTime - fixes[0]!.recordedTime;

      expect(fixes[0]?.recordedTime).toBe(t.syntheticStart);
      expect(span).toBe(t.realEnd - t.realStart);
    }
  });

  it('replays three loops with rising times and one break per car per seam', () => {
    const { recording } = ved;
    let wall = 1_700_000_000_000;
    const sent: Fix[] = [];
    const replayer = new Replayer({
      recording,
      speed: 100,
      startAt: recording.start,
      preRollMs: 0,
      loopGapMs: 60_000,
      now: () => wall,
      sink: (fix) => sent.push(fix),
    });

    // Fake timers keep start()'s interval from firing behind the test.
    vi.useFakeTimers();
    try {
      replayer.start();
      const loopMs = recording.end - recording.start + 60_000;
      wall += Math.ceil((3.5 * loopMs) / 100);
      replayer.tick();
    } finally {
      replayer.stop();
      vi.useRealTimers();
    }

    const last = new Map<string, number>();
    const backwards = sent.filter((f) => {
      const before = last.get(f.vehicleId) ?? -Infinity;
      last.set(f.vehicleId, f.deviceTime);
      return f.deviceTime <= before;
    });
    expect(backwards).toEqual([]);
    expect(sent.filter((f) => f.trackBreak)).toHaveLength(3 * 7);
  });
});
