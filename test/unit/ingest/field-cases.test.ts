import { Registry } from 'prom-client';
import { describe, expect, it, vi } from 'vitest';
import { FleetState } from '../../../server/fleet/fleet-state';
import type { VehicleState } from '../../../server/fleet/vehicle-state';
import type { Fix } from '../../../server/ingest/fix';
import { Ingest, type IngestPolicy } from '../../../server/ingest/ingest';
import { GPS_ERA_MS } from '../../../server/ingest/validate';
import { readOsmandParams } from '../../../server/sources/osmand';
import { readIsoTime } from '../../../server/sources/time';

/**
 * The ingest policy against the field cases C01–C11 (docs/RELIABILITY.md,
 * "Bad GPS data"), fed through the one entry every source uses, with a
 * real fleet state behind it.
 */
const NOW = Date.parse('2024-05-01T10:30:00Z');
const MINUTE = 60_000;
/** A JSON body carrying 1e400 parses to Infinity. */
const OVERFLOW = JSON.parse('1e400') as number;

function at(iso: string): number {
  return Date.parse(iso);
}

function fix(vehicleId: string, deviceTime: number, lat: number, lon: number): Fix {
  return { vehicleId, deviceTime, lat, lon };
}

function bad(value: unknown): number {
  return value as unknown as number;
}

function setup(policy?: IngestPolicy) {
  const state = new FleetState();
  for (const id of ['veh-A', 'veh-B', 'veh-C', 'veh-X']) {
    state.register({ id, fleetId: 'fleet-1', label: id, timeScale: 1 });
  }
  const stored: Fix[] = [];
  const published: VehicleState[] = [];
  const store = vi.fn((f: Fix) => stored.push(f));
  const ingest = new Ingest({
    state,
    store,
    onCurrent: (s) => published.push(s),
    now: () => NOW,
    ...(policy && { policy }),
  });
  const current = (id: string) => state.state(id)?.fix;
  return { state, ingest, stored, published, current };
}

describe('C01: a buffered backlog arriving after the live fix', () => {
  it('keeps the newest fix current and the backlog as history in time order', () => {
    const { ingest, stored, published, current } = setup();
    const arrivals = [
      fix('veh-A', at('2024-05-01T10:00:00Z'), 52.5, 13.4),
      fix('veh-A', at('2024-05-01T10:05:00Z'), 52.51, 13.42),
      fix('veh-A', at('2024-05-01T10:01:00Z'), 52.502, 13.404),
      fix('veh-A', at('2024-05-01T10:02:00Z'), 52.504, 13.408),
    ];

    const outcomes = arrivals.map((f) => ingest.accept(f).outcome);

    expect(outcomes).toEqual(['current', 'current', 'late', 'late']);
    expect(current('veh-A')).toEqual(arrivals[1]);
    expect(published.map((s) => s.fix.deviceTime)).toEqual([
      at('2024-05-01T10:00:00Z'),
      at('2024-05-01T10:05:00Z'),
    ]);
    expect(stored).toHaveLength(4);
  });
});

describe('C02: stored fixes inside a geofence replayed after a fresh one', () => {
  it('feeds the live detectors in device-time order only', () => {
    const { ingest, published } = setup();
    const arrivals = [
      fix('veh-A', at('2024-05-01T10:10:00Z'), 52.52, 13.42),
      fix('veh-A', at('2024-05-01T10:02:00Z'), 52.5, 13.4),
      fix('veh-A', at('2024-05-01T10:11:00Z'), 52.521, 13.421),
      fix('veh-A', at('2024-05-01T10:04:00Z'), 52.501, 13.401),
    ];

    for (const f of arrivals) ingest.accept(f);

    // Only what the detectors see can raise geofence events.
    const seen = published.map((s) => new Date(s.fix.deviceTime).toISOString());
    expect(seen).toEqual(['2024-05-01T10:10:00.000Z', '2024-05-01T10:11:00.000Z']);
  });
});

describe('C04: ten no-fix reports at 0,0', () => {
  it('refuses each, keeps veh-C off the map and the others moving', () => {
    const { ingest, published, current } = setup();
    ingest.accept(fix('veh-A', NOW - 5 * MINUTE, 52.5, 13.4));

    const verdicts = Array.from({ length: 10 }, () =>
      ingest.accept(fix('veh-C', at('2024-05-01T10:00:00Z'), 0, 0)),
    );
    ingest.accept(fix('veh-A', NOW - 4 * MINUTE, 52.501, 13.401));

    expect(new Set(verdicts.map((v) => v.rejection?.reason))).toEqual(
      new Set(['no_fix']),
    );
    expect(current('veh-C')).toBeUndefined();
    expect(published.map((s) => s.vehicleId)).toEqual(['veh-A', 'veh-A']);
    expect(ingest.quarantine.view('veh-C')).toMatchObject({
      rejected: 10,
      rejected_by_reason: { no_fix: 10 },
    });
  });
});

describe('C05: wrong device clocks', () => {
  it('refuses a future date, takes T, and never lets either stick as current', () => {
    const { ingest, current } = setup();

    const results = [
      ingest.accept(fix('veh-A', NOW - 30_000, 52.5, 13.4)),
      ingest.accept(fix('veh-A', NOW + 3 * 365 * 24 * 60 * MINUTE, 52.51, 13.41)),
      ingest.accept(fix('veh-A', NOW, 52.52, 13.42)),
    ];

    expect(results.map((r) => r.rejection?.reason ?? r.outcome)).toEqual([
      'current',
      'future_time',
      'current',
    ]);
    expect(current('veh-A')?.deviceTime).toBe(NOW);
  });

  it('refuses a time without a zone at the edge with a message saying so', () => {
    expect(readIsoTime('2024-05-01T10:00:00')).toEqual({
      ok: false,
      message: 'time "2024-05-01T10:00:00" has no zone; add Z or ±hh:mm',
    });
  });

  it('moves a week-rollover date forward, counted as corrected', () => {
    const { ingest, current } = setup();

    const result = ingest.accept(fix('veh-A', NOW - 20_000 - GPS_ERA_MS, 52.5, 13.4));

    expect(result).toEqual({ outcome: 'current' });
    expect(current('veh-A')?.deviceTime).toBe(NOW - 20_000);
    expect(ingest.quarantine.view('veh-A').corrected_by_kind).toEqual({
      week_rollover: 1,
    });
  });
});

describe('C07: speed units', () => {
  it('reads OsmAnd knots as km/h and keeps km/h as sent', () => {
    const read = readOsmandParams(
      new URLSearchParams({ id: 'p', lat: '52.5', lon: '13.4', speed: '54' }),
      NOW,
    );
    if ('refused' in read) throw new Error(read.refused.message);
    const { ingest, current } = setup();

    ingest.accept({ ...read.fix, vehicleId: 'veh-A' });
    ingest.accept({ ...fix('veh-B', NOW, 52.5, 13.4), speedKmh: 100 });

    expect(current('veh-A')?.speedKmh).toBeCloseTo(100, 0);
    expect(current('veh-B')?.speedKmh).toBe(100);
  });

  it('drops a reported speed no vehicle reaches and keeps the position', () => {
    const { ingest, current } = setup();

    ingest.accept({ ...fix('veh-A', NOW, 52.5, 13.4), speedKmh: 185 * 3.6 });

    expect(current('veh-A')).toEqual(fix('veh-A', NOW, 52.5, 13.4));
    expect(ingest.quarantine.view('veh-A').corrected_by_kind).toEqual({
      speed_dropped: 1,
    });
  });
});

describe('C08: latitude and longitude swapped', () => {
  it('keeps Berlin where it is', () => {
    const { ingest, current } = setup();

    ingest.accept(fix('veh-A', NOW, 52.52, 13.405));

    expect(current('veh-A')).toMatchObject({ lat: 52.52, lon: 13.405 });
  });

  it('refuses a latitude beyond 90 without clamping or swapping it', () => {
    const { ingest, current } = setup();

    const result = ingest.accept(fix('veh-B', NOW, -122.99, 49.22));

    expect(result.rejection?.reason).toBe('coordinates_out_of_range');
    expect(result.rejection?.message).toContain('they look swapped');
    expect(current('veh-B')).toBeUndefined();
  });

  it('refuses a pair that fits the track only swapped', () => {
    const { ingest, current } = setup();
    ingest.accept(fix('veh-A', NOW - MINUTE, 52.52, 13.405));

    const result = ingest.accept(fix('veh-A', NOW, 13.406, 52.521));

    expect(result.rejection?.reason).toBe('swapped_coordinates');
    expect(current('veh-A')?.lat).toBe(52.52);
  });
});

describe('C09: a track across the antimeridian', () => {
  it('is never held as a teleport', () => {
    const { ingest } = setup();
    const lons = [179.8, 179.95, -179.9, -179.7];

    const outcomes = lons.map(
      (lon, i) =>
        ingest.accept(fix('veh-A', NOW - (4 - i) * 10 * MINUTE, -17, lon)).outcome,
    );

    expect(outcomes).toEqual(['current', 'current', 'current', 'current']);
  });
});

describe('C11: coordinates that are not numbers', () => {
  it.each([
    ['"NaN"', { lat: bad('NaN') }],
    ['NaN', { lat: NaN }],
    ['null', { lat: bad(null) }],
    ['""', { lat: bad('') }],
    ['no lon', { lon: bad(undefined) }],
    ['"52,52"', { lat: bad('52,52') }],
    ['1e400', { lon: OVERFLOW }],
  ])('refuses lat/lon %s while veh-A keeps moving', (_name, over) => {
    const { ingest, stored, published } = setup();
    ingest.accept(fix('veh-A', NOW - 2 * MINUTE, 52.5, 13.4));

    const result = ingest.accept({ ...fix('veh-X', NOW, 52.5, 13.4), ...over });
    ingest.accept(fix('veh-A', NOW - MINUTE, 52.501, 13.401));

    expect(result.rejection?.reason).toBe('invalid_coordinates');
    expect(stored.every((f) => Number.isFinite(f.lat) && Number.isFinite(f.lon))).toBe(
      true,
    );
    expect(published.map((s) => s.vehicleId)).toEqual(['veh-A', 'veh-A']);
  });
});

describe('teleports', () => {
  it('holds a jump, then moves the vehicle when three fixes agree', () => {
    const { ingest, current, published } = setup();
    ingest.accept(fix('veh-A', NOW - 10 * MINUTE, 52.52, 13.405));
    const hamburg = [
      fix('veh-A', NOW - 3 * MINUTE, 53.55, 9.99),
      fix('veh-A', NOW - 2 * MINUTE, 53.551, 9.99),
      fix('veh-A', NOW - MINUTE, 53.552, 9.99),
    ];

    const outcomes = hamburg.map((f) => ingest.accept(f).rejection?.reason ?? 'current');

    expect(outcomes).toEqual(['teleport', 'teleport', 'current']);
    expect(current('veh-A')).toEqual(hamburg[2]);
    expect(published.map((s) => s.fix.lat)).toEqual([52.52, 53.55, 53.551, 53.552]);
    // The move is a new track: no 255 km added to the odometer.
    expect(published[1]?.odometerKm).toBe(0);
    expect(ingest.quarantine.view('veh-A')).toMatchObject({
      rejected_by_reason: { teleport: 2 },
      reanchored: 1,
    });
  });

  it('drops a single spike and carries on from the anchor', () => {
    const { ingest, current } = setup();
    ingest.accept(fix('veh-A', NOW - 3 * MINUTE, 52.52, 13.405));

    const spike = ingest.accept(fix('veh-A', NOW - 2 * MINUTE, 48.14, 11.58));
    ingest.accept(fix('veh-A', NOW - MINUTE, 52.521, 13.406));

    expect(spike.rejection?.reason).toBe('teleport');
    expect(current('veh-A')).toMatchObject({ lat: 52.521 });
  });
});

describe('duplicates', () => {
  it('takes a re-sent fix with its time rounded as a counted no-op', () => {
    const { ingest, stored } = setup();
    ingest.accept(fix('veh-A', NOW - 600, 52.5, 13.4));

    const again = ingest.accept(fix('veh-A', NOW - 1000, 52.5, 13.4));
    const exact = ingest.accept(fix('veh-A', NOW - 600, 52.5, 13.4));

    expect([again.outcome, exact.outcome]).toEqual(['duplicate', 'duplicate']);
    expect(stored).toHaveLength(1);
    expect(ingest.quarantine.view('veh-A').duplicates).toBe(2);
  });
});

describe('a fix less than a second after the current one', () => {
  it('is news when a reading changed, though the place did not', () => {
    const { ingest } = setup();
    ingest.accept({ ...fix('veh-A', NOW - 600, 52.5, 13.4), speedKmh: 10 });

    const next = ingest.accept({ ...fix('veh-A', NOW - 500, 52.5, 13.4), speedKmh: 0 });

    expect(next.outcome).toBe('current');
  });
});

describe('headings', () => {
  it.each([
    [400, 40],
    [-90, 270],
    [360, 0],
  ])('stores a heading of %s as %s', (heading, expected) => {
    const { ingest, current } = setup();

    ingest.accept({ ...fix('veh-A', NOW, 52.5, 13.4), heading });

    expect(current('veh-A')?.heading).toBe(expected);
  });

  it('takes a fix whose heading is NaN and keeps no heading', () => {
    const { ingest, current } = setup();

    const result = ingest.accept({ ...fix('veh-A', NOW, 52.5, 13.4), heading: NaN });

    expect(result.outcome).toBe('current');
    expect(current('veh-A')).not.toHaveProperty('heading');
  });
});

describe('the rejected-fix metric', () => {
  it('counts each refusal by reason, including those made before ingest', async () => {
    const { ingest } = setup();
    const registry = new Registry();
    for (const m of ingest.metrics) registry.registerMetric(m);

    ingest.accept(fix('veh-A', NOW, 0, 0));
    ingest.accept(fix('veh-A', NOW + 3_600_000, 52.5, 13.4));
    ingest.refused(undefined, { reason: 'unknown_device', message: '' });
    ingest.refused('veh-A', { reason: 'invalid_coordinates', message: 'lat is NaN' });

    const text = await registry.metrics();
    expect(text).toContain('fleetlight_ingest_rejected_total{reason="no_fix"} 1');
    expect(text).toContain('fleetlight_ingest_rejected_total{reason="future_time"} 1');
    expect(text).toContain('fleetlight_ingest_rejected_total{reason="unknown_device"} 1');
    expect(ingest.quarantine.view('veh-A').rejected_by_reason).toEqual({
      no_fix: 1,
      future_time: 1,
      invalid_coordinates: 1,
    });
  });

  it('records no quarantine for a vehicle nobody registered', () => {
    const { ingest } = setup();

    ingest.accept(fix('ghost', NOW, 52.5, 13.4));
    ingest.refused('ghost', { reason: 'no_fix', message: '' });

    expect(ingest.quarantine.view('ghost').rejected).toBe(0);
  });
});
