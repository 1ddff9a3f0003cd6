import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createLogger } from '../../../server/log';
import type { Candidate } from '../../../server/sources/gateway';
import { encodeFeed } from '../../../server/sources/gtfs-rt/feed';
import { GtfsRtPoller } from '../../../server/sources/gtfs-rt/poller';
import { readWireFix } from '../../../server/sources/http-fixes';
import { csvReaderFor } from '../../../server/sources/import/csv-formats';
import { readOsmandParams } from '../../../server/sources/osmand';
import { gatewayRig, type GatewayRig } from '../../support/gateway';

/**
 * One bad fix, sent through each source's own reader and entry into the
 * gateway, gets one verdict: the policy lives in ingest, not in a source.
 */
const NOW = Date.UTC(2026, 2, 10, 10, 0, 0);
const AUSTIN = { lat: 30.27, lon: -97.74 };

interface Bad {
  kind: string;
  at: number;
  lat: number;
  lon: number;
  code: string;
  /** Needs a live track to judge, so history imports do not judge it. */
  live?: true;
}

const BAD: Bad[] = [
  { kind: '0,0', at: NOW - 30_000, lat: 0, lon: 0, code: 'no_fix' },
  { kind: 'an hour ahead', at: NOW + 3_600_000, ...AUSTIN, code: 'future_time' },
  {
    kind: 'lat 91',
    at: NOW - 30_000,
    lat: 91,
    lon: 10,
    code: 'coordinates_out_of_range',
  },
  // Austin to New York in 30 s.
  {
    kind: 'a teleport',
    at: NOW - 30_000,
    lat: 40.71,
    lon: -74.0,
    code: 'teleport',
    live: true,
  },
];

type Send = (vehicleId: string, bad: Bad) => Promise<string>;

let rig: GatewayRig;
let feedServer: http.Server;
let feedUrl: string;
let feedBody: Uint8Array = new Uint8Array();

beforeAll(async () => {
  feedServer = http.createServer((_req, res) => res.end(feedBody));
  await new Promise<void>((r) => feedServer.listen(0, '127.0.0.1', r));
  feedUrl = `http://127.0.0.1:${(feedServer.address() as AddressInfo).port}/vp`;
});

afterAll(() => {
  feedServer.close();
});

beforeEach(async () => {
  rig = await gatewayRig({ now: () => NOW });
});

afterEach(async () => {
  await rig.close();
});

/** The code of a single verdict, or its status when it was taken. */
function codeOf(v: { status: string; code?: string } | undefined): string {
  return v?.code ?? v?.status ?? 'none';
}

async function submit(
  source: 'http' | 'osmand' | 'import',
  c: Candidate,
  history = false,
): Promise<string> {
  const opts = { register: { timeScale: 1 }, ...(history && { history }) };
  const [v] = await rig.gateway.submit(source, 'f1', [c], opts);
  return codeOf(v);
}

function csvRow(vehicleId: string, b: Bad): Candidate {
  const reader = csvReaderFor(['vehicle_id', 'timestamp', 'lat', 'lon'], 'generic');
  if (typeof reader === 'string') throw new Error(reader);
  return reader.read([vehicleId, String(b.at), String(b.lat), String(b.lon)]);
}

const SOURCES: Array<[string, Send]> = [
  [
    'HTTP ingest',
    (id, b) => {
      const raw = { vehicle_id: id, timestamp: b.at, lat: b.lat, lon: b.lon };
      return submit(
        'http',
        readWireFix(raw, 0, 'f1', () => undefined),
      );
    },
  ],
  [
    'OsmAnd',
    (id, b) => {
      const params = new URLSearchParams({
        id: 'phone-1',
        lat: String(b.lat),
        lon: String(b.lon),
        timestamp: String(b.at),
      });
      const read = readOsmandParams(params, NOW);
      if ('refused' in read) return submit('osmand', { refused: read.refused });
      return submit('osmand', { fix: { ...read.fix, vehicleId: id } });
    },
  ],
  [
    'GTFS-realtime',
    async (id, b) => {
      const position = { latitude: b.lat, longitude: b.lon };
      const vehicle = { vehicle: { id }, position, timestamp: Math.floor(b.at / 1000) };
      feedBody = encodeFeed({
        header: { gtfs_realtime_version: '2.0', timestamp: Math.floor(NOW / 1000) },
        entity: [{ id: 'e1', vehicle }],
      });
      const before = rejectedBy('gtfs-rt');
      await gtfsPoller().poll();
      const after = rejectedBy('gtfs-rt');
      const grown = Object.keys(after).find((k) => after[k] !== before[k]);
      return grown ?? 'accepted';
    },
  ],
  ['file import, as a replay', (id, b) => Promise.resolve(replayed(id, b))],
  [
    'demo replay',
    (id, b) => {
      const v = rig.gateway.sink(
        'replay',
        'f1',
      )({ vehicleId: id, deviceTime: b.at, ...b });
      return Promise.resolve(codeOf(v));
    },
  ],
];

function replayed(id: string, b: Bad): string {
  const c = csvRow(id, b);
  if ('refused' in c) return c.refused.code;
  return codeOf(rig.gateway.sink('import', 'f1')(c.fix));
}

function rejectedBy(source: string): Record<string, number | undefined> {
  const health = rig.monitor.health('f1').find((s) => s.source === source);
  return { ...health?.rejected_by_reason };
}

function gtfsPoller(): GtfsRtPoller {
  return new GtfsRtPoller({
    fleetId: 'f1',
    url: feedUrl,
    intervalS: 30,
    vehiclePrefix: '',
    allowPrivate: true,
    gateway: rig.gateway,
    monitor: rig.monitor,
    log: createLogger('error', () => undefined),
    now: () => NOW,
  });
}

/** A first, good fix a minute ago in Austin, so the vehicle has a track. */
async function seed(vehicleId: string): Promise<void> {
  const raw = { vehicle_id: vehicleId, timestamp: NOW - 60_000, ...AUSTIN };
  expect(
    await submit(
      'http',
      readWireFix(raw, 0, 'f1', () => undefined),
    ),
  ).toBe('accepted');
}

describe.each(SOURCES)('%s', (_name, send) => {
  it.each(BAD)('gives $kind the verdict $code', async (bad) => {
    await seed('v-1');

    expect(await send('v-1', bad)).toBe(bad.code);
  });

  it.each(BAD)('records $kind in the vehicle quarantine', async (bad) => {
    await seed('v-1');
    await send('v-1', bad);

    const view = rig.ingest.quarantine.view('v-1');
    expect(view.rejected_by_reason).toEqual({ [bad.code]: 1 });
  });
});

describe('file import, as history', () => {
  it.each(BAD.filter((b) => !b.live))('gives $kind the verdict $code', async (bad) => {
    await seed('v-1');

    expect(await submit('import', csvRow('v-1', bad), true)).toBe(bad.code);
  });

  it('stores a jump as history: a history import is not judged against the live track', async () => {
    await seed('v-1');
    const [teleport] = BAD.filter((b) => b.live);
    if (!teleport) throw new Error('no live-only case');

    expect(await submit('import', csvRow('v-1', teleport), true)).toBe('accepted');
  });
});

describe('registering a vehicle', () => {
  it('applies the configured policy, so a refused first fix leaves no vehicle', async () => {
    const strict = await gatewayRig({
      now: () => NOW,
      policy: { futureToleranceMs: 10_000 },
    });
    try {
      const raw = { vehicle_id: 'v-new', timestamp: NOW + 60_000, ...AUSTIN };
      const c = readWireFix(raw, 0, 'f1', () => undefined);
      const [v] = await strict.gateway.submit('http', 'f1', [c], {
        register: { timeScale: 1 },
      });

      expect(v).toEqual({
        status: 'rejected',
        code: 'future_time',
        message: 'device time is 60 s in the future',
      });
      expect(strict.state.vehicle('v-new')).toBeUndefined();
    } finally {
      await strict.close();
    }
  });
});
