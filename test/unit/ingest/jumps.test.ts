import { describe, expect, it } from 'vitest';
import type { Fix } from '../../../server/ingest/fix';
import { JumpGuard } from '../../../server/ingest/jumps';

const T0 = Date.UTC(2026, 2, 10, 10, 0, 0);
const MINUTE = 60_000;
const BERLIN = { lat: 52.52, lon: 13.405 };
const HAMBURG = { lat: 53.55, lon: 9.99 };

function fix(minute: number, at: { lat: number; lon: number }, over: Partial<Fix> = {}) {
  return { vehicleId: 'veh-A', deviceTime: T0 + minute * MINUTE, ...at, ...over };
}

function guard(reanchorAfter = 3, maxSpeedKmh = 300): JumpGuard {
  return new JumpGuard({ maxSpeedKmh, reanchorAfter });
}

describe('JumpGuard', () => {
  it('passes the first fix of a vehicle', () => {
    expect(guard().check(undefined, fix(0, BERLIN), 1)).toEqual({ kind: 'pass' });
  });

  it('passes travel at road speed', () => {
    const next = fix(1, { lat: 52.53, lon: 13.405 });

    expect(guard().check(fix(0, BERLIN), next, 1)).toEqual({ kind: 'pass' });
  });

  it('passes GPS scatter under five kilometres however short the time', () => {
    const next = fix(0, { lat: 52.56, lon: 13.405 }, { deviceTime: T0 + 1000 });

    expect(guard().check(fix(0, BERLIN), next, 1)).toEqual({ kind: 'pass' });
  });

  it('holds a jump faster than the limit, naming distance and limit', () => {
    const verdict = guard().check(fix(0, BERLIN), fix(1, HAMBURG), 1);

    expect(verdict).toEqual({
      kind: 'held',
      message:
        'a jump of 255 km from the last fix implies more than 300 km/h; ' +
        'held until 3 fixes agree on the new place',
    });
  });

  it('moves the vehicle once enough fixes agree on the new place', () => {
    const g = guard();
    const anchor = fix(0, BERLIN);
    const run = [1, 2, 3].map((m) => fix(m, { lat: 53.55 + m * 0.001, lon: 9.99 }));

    expect(g.check(anchor, run[0] as Fix, 1).kind).toBe('held');
    expect(g.check(anchor, run[1] as Fix, 1).kind).toBe('held');
    expect(g.check(anchor, run[2] as Fix, 1)).toEqual({ kind: 'reanchor', fixes: run });
    expect(g.held('veh-A')).toEqual([]);
  });

  it('drops a held spike when the vehicle carries on from its anchor', () => {
    const g = guard();
    g.check(fix(0, BERLIN), fix(1, HAMBURG), 1);

    expect(g.check(fix(0, BERLIN), fix(2, BERLIN), 1)).toEqual({ kind: 'pass' });
    expect(g.held('veh-A')).toEqual([]);
  });

  it('starts the run again when held fixes disagree with each other', () => {
    const g = guard();
    const munich = { lat: 48.14, lon: 11.58 };
    g.check(fix(0, BERLIN), fix(1, HAMBURG), 1);
    g.check(fix(0, BERLIN), fix(2, munich), 1);

    expect(g.held('veh-A')).toEqual([fix(2, munich)]);
  });

  it('counts a held fix sent again once', () => {
    const g = guard(2);
    g.check(fix(0, BERLIN), fix(1, HAMBURG), 1);

    expect(g.check(fix(0, BERLIN), fix(1, HAMBURG), 1).kind).toBe('held');
    expect(g.held('veh-A')).toHaveLength(1);
  });

  it('passes a fix after a declared track break', () => {
    const next = fix(1, HAMBURG, { trackBreak: true });

    expect(guard().check(fix(0, BERLIN), next, 1)).toEqual({ kind: 'pass' });
  });

  it('names a pair that fits the track only swapped (C08)', () => {
    const next = fix(1, { lat: 13.406, lon: 52.521 });

    expect(guard().check(fix(0, BERLIN), next, 1)).toEqual({
      kind: 'swapped',
      message:
        'lat 13.406, lon 52.521 is far from the last fix but fits it swapped; ' +
        'send latitude as lat',
    });
  });

  describe('across the antimeridian (C09)', () => {
    const lons = [179.8, 179.95, -179.9, -179.7];

    it('passes a ship crossing ±180° at sea speed', () => {
      const g = guard();
      const track = lons.map((lon, i) => fix(i * 10, { lat: -17, lon }));

      const kinds = track.slice(1).map((f, i) => g.check(track[i], f, 1).kind);

      expect(kinds).toEqual(['pass', 'pass', 'pass']);
    });

    it('passes the field case one minute apart when the limit allows aircraft', () => {
      const g = guard(3, 1500);
      const track = lons.map((lon, i) => fix(i, { lat: -17, lon }));

      const kinds = track.slice(1).map((f, i) => g.check(track[i], f, 1).kind);

      expect(kinds).toEqual(['pass', 'pass', 'pass']);
    });
  });
});
