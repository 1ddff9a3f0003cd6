import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  FIX_REJECT_CODES,
  ingestBodySchema,
  type Device,
  type FixRejectCode,
} from '../../../lib/protocol';
import type { Fix } from '../../../server/ingest/fix';
import { validateFix } from '../../../server/ingest/validate';
import { readWireFix } from '../../../server/sources/http-fixes';
import {
  readOsmandJson,
  readOsmandParams,
  type OsmandRead,
} from '../../../server/sources/osmand';
import { BUDGET, hostileValue, nearValid, RUNS } from './hostile';

const NOW = Date.UTC(2026, 2, 10, 10);

const DEVICE: Device = {
  device_id: 'phone-1',
  vehicle_id: 'bus-1',
  fleet_id: 'fleet-1',
} as Device;

const devices = (id: string) => (id === DEVICE.device_id ? DEVICE : undefined);

type Verdict = { ok: true; fix: Fix } | { ok: false; code: FixRejectCode };

/** A read fix through the ingest policy, as the gateway takes it. */
function admit(fix: Fix): Verdict {
  const checked = validateFix(fix, NOW);
  if (checked.ok) return { ok: true, fix: checked.fix };
  return { ok: false, code: checked.rejection.reason };
}

function fromOsmand(read: OsmandRead): Verdict {
  if ('refused' in read) return { ok: false, code: read.refused.code };
  return admit({ vehicleId: read.deviceId, ...read.fix });
}

function fromWire(raw: unknown): Verdict {
  const candidate = readWireFix(raw, 0, 'fleet-1', devices);
  if ('refused' in candidate) return { ok: false, code: candidate.refused.code };
  return admit(candidate.fix);
}

/** Fails unless the verdict is a sane fix or a refusal with a known code. */
function expectSound(v: Verdict): void {
  if (!v.ok) {
    expect(FIX_REJECT_CODES).toContain(v.code);
    return;
  }
  const { fix } = v;
  expect(Number.isFinite(fix.deviceTime)).toBe(true);
  expect(Number.isFinite(fix.lat) && Math.abs(fix.lat) <= 90).toBe(true);
  expect(Number.isFinite(fix.lon) && Math.abs(fix.lon) <= 180).toBe(true);
  if (fix.heading !== undefined) {
    expect(fix.heading >= 0 && fix.heading < 360).toBe(true);
  }
  if (fix.speedKmh !== undefined) {
    expect(Number.isFinite(fix.speedKmh) && fix.speedKmh >= 0).toBe(true);
  }
}

const WIRE = [
  {
    vehicle_id: 'bus-1',
    timestamp: '2026-03-10T09:59:00Z',
    lat: 30.27,
    lon: -97.74,
    speed_kmh: 42,
    heading: 359.9,
    altitude: 150,
    accuracy: 5,
  },
  {
    device_id: 'phone-1',
    timestamp: NOW - 1000,
    lat: -33.9,
    lon: 151.2,
    fuel_level: 50,
    engine_rpm: 1500,
    trip_id: 't1',
  },
];

const OSMAND_JSON = [
  {
    device_id: 'phone-1',
    location: {
      timestamp: '2026-03-10T09:59:00.000Z',
      coords: { latitude: 52.52, longitude: 13.4, speed: 3, heading: 90, accuracy: 8 },
    },
  },
  {
    device_id: 'phone-1',
    location: [{ coords: { latitude: -1, longitude: -1, heading: -1, altitude: 7 } }],
  },
];

const OSMAND_PARAMS: ReadonlyArray<Record<string, string>> = [
  {
    id: 'phone-1',
    lat: '52.52',
    lon: '13.4',
    timestamp: '1773136740',
    speed: '10',
    bearing: '359.99',
    altitude: '40',
    accuracy: '4',
  },
  { deviceid: 'phone-1', location: '-33.9,151.2', timestamp: '2026-03-10T09:00:00Z' },
];

/** Text a tracker might send in a parameter, sane or not. */
const paramText = fc.oneof(
  hostileValue.map((v) => (typeof v === 'string' ? v : JSON.stringify(v))),
  fc.double().map(String),
  fc.integer().map(String),
  fc.constantFrom('-1', '1e400', '.5', '5.', '+3', '0,0', '1,2,3', 'false', '0'),
);

const paramsArb = fc.oneof(
  fc.array(fc.tuple(fc.string({ maxLength: 10 }), paramText), { maxLength: 12 }),
  fc
    .tuple(
      fc.constantFrom(...OSMAND_PARAMS),
      fc.constantFrom('id', 'lat', 'lon', 'location', 'timestamp', 'speed', 'bearing'),
      fc.constantFrom('drop', 'set', 'repeat'),
      paramText,
    )
    .map(([base, key, kind, text]) => {
      const entries = Object.entries(base).filter(([k]) => kind !== 'drop' || k !== key);
      if (kind === 'set') return [...entries.filter(([k]) => k !== key), [key, text]];
      if (kind === 'repeat') return [[key, text], ...entries];
      return entries;
    }),
);

describe('ingest readers under hostile input', BUDGET, () => {
  it('read any JSON value as a wire fix into a sane fix or a known refusal', () => {
    const raw = fc.oneof(fc.jsonValue(), hostileValue, nearValid(WIRE));
    fc.assert(
      fc.property(raw, (r) => expectSound(fromWire(r))),
      RUNS,
    );
  });

  it('read any OsmAnd parameters into a sane fix or a known refusal', () => {
    fc.assert(
      fc.property(paramsArb, (entries) => {
        expectSound(fromOsmand(readOsmandParams(new URLSearchParams(entries), NOW)));
      }),
      RUNS,
    );
  });

  it('read any OsmAnd JSON body into sane fixes or known refusals', () => {
    const body = fc.oneof(fc.jsonValue(), hostileValue, nearValid(OSMAND_JSON));
    fc.assert(
      fc.property(body, (b) => {
        for (const read of readOsmandJson(b, NOW)) expectSound(fromOsmand(read));
      }),
      RUNS,
    );
  });

  it('check any ingest batch without throwing', () => {
    const body = fc.oneof(
      fc.jsonValue(),
      nearValid([{ fleet_id: 'fleet-1', fixes: WIRE }]),
    );
    fc.assert(
      fc.property(body, (b) => {
        const parsed = ingestBodySchema.safeParse(b);
        if (parsed.success) expect(parsed.data.fixes.length).toBeGreaterThan(0);
      }),
      RUNS,
    );
  });

  it('reads every valid example as accepted', () => {
    for (const w of WIRE) expect(fromWire(w).ok).toBe(true);
    for (const p of OSMAND_PARAMS) {
      expect(fromOsmand(readOsmandParams(new URLSearchParams(p), NOW)).ok).toBe(true);
    }
    for (const b of OSMAND_JSON) {
      for (const r of readOsmandJson(b, NOW)) expect(fromOsmand(r).ok).toBe(true);
    }
  });
});
