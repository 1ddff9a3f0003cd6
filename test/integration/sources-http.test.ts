import { io } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FixResult, IngestResponse, SourcesResponse } from '../../lib/protocol';
import type { TrackPoint } from '../../server/http/tracks';
import {
  bearer,
  FLEET,
  OTHER_FLEET,
  postJson,
  startSourceServer,
  type SourceServer,
} from '../support/sources';
import { startServer } from '../support/server';
import { TestSocket } from '../support/ws-client';

let ctx: SourceServer;
let ingestKey: string;
const MIN = 60_000;
/** A whole minute a quarter of an hour ago: every fix below is in the past. */
const T0 = Math.floor((Date.now() - 15 * MIN) / MIN) * MIN;
const iso = (t: number) => new Date(t).toISOString();

beforeAll(async () => {
  ctx = await startSourceServer({ INGEST_MAX_BATCH: '8', FLEET_MAX_VEHICLES: '6' });
  const res = await postJson(
    `${ctx.server.base}/v1/fleets/${FLEET}/ingest-keys`,
    { label: 'depot gateway' },
    ctx.keys.admin,
  );
  expect(res.status).toBe(201);
  ingestKey = ((await res.json()) as { ingest_key: { key: string } }).ingest_key.key;
});

afterAll(async () => {
  await ctx?.server.close();
});

function ingest(body: unknown, key = ingestKey): Promise<Response> {
  return postJson(`${ctx.server.base}/v1/ingest/positions`, body, key);
}

async function results(res: Response): Promise<FixResult[]> {
  return ((await res.json()) as IngestResponse).results;
}

describe('POST /v1/ingest/positions', () => {
  it('answers each fix, refusing bad ones with a code and losing nothing else', async () => {
    // Field cases C05 (time without zone, far future) and C11 (NaN, null,
    // "", a missing field, a decimal comma, a number that overflows).
    const good = (i: number) =>
      `{"vehicle_id":"veh-A","timestamp":"${iso(T0 + i * 1000)}","lat":30.27,"lon":-97.74}`;
    const bad = [
      `{"vehicle_id":"veh-X","timestamp":"${iso(T0)}","lat":"NaN","lon":-97.74}`,
      `{"vehicle_id":"veh-X","timestamp":"${iso(T0)}","lat":null,"lon":-97.74}`,
      `{"vehicle_id":"veh-X","timestamp":"${iso(T0)}","lat":"","lon":-97.74}`,
      `{"vehicle_id":"veh-X","timestamp":"${iso(T0)}","lat":30.27}`,
      `{"vehicle_id":"veh-X","timestamp":"${iso(T0)}","lat":"52,52","lon":13.4}`,
      `{"vehicle_id":"veh-X","timestamp":"${iso(T0)}","lat":30.27,"lon":1e400}`,
    ];
    const text = `{"fixes":[${good(0)},${bad.join(',')},${good(1)}]}`;
    const res = await fetch(`${ctx.server.base}/v1/ingest/positions`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', ...bearer(ingestKey) },
      body: text,
    });

    expect(res.status).toBe(200);
    expect(await results(res)).toEqual([
      { index: 0, status: 'accepted' },
      refused(1, 'invalid_coordinates', 'fixes[1].lat must be a number'),
      refused(2, 'invalid_coordinates', 'fixes[2].lat must be a number'),
      refused(3, 'invalid_coordinates', 'fixes[3].lat must be a number'),
      refused(4, 'invalid_coordinates', 'fixes[4].lon must be a number'),
      refused(5, 'invalid_coordinates', 'fixes[5].lat must be a number'),
      refused(6, 'invalid_coordinates', 'fixes[6].lon must be a number'),
      { index: 7, status: 'accepted' },
    ]);
    expect(ctx.server.app.state.state('veh-X')).toBeUndefined();
    expect(ctx.server.app.state.state('veh-A')?.fix.deviceTime).toBe(T0 + 1000);
  });

  it('refuses times without a zone, far ahead or before 2000, 0,0 and unknown fields', async () => {
    const fix = (over: Record<string, unknown>) => ({
      vehicle_id: 'veh-B',
      timestamp: iso(T0),
      lat: 30.27,
      lon: -97.74,
      ...over,
    });
    const res = await ingest({
      fixes: [
        fix({ timestamp: '2024-05-01T10:00:00' }),
        fix({ timestamp: iso(Date.now() + 3 * 365 * 24 * 60 * MIN) }),
        fix({ timestamp: 1_700_000_000 }),
        fix({ lat: 0, lon: 0 }),
        fix({ lat: -122.99, lon: 49.22 }),
        fix({ speed: 27 }),
        fix({ speed_kmh: -5 }),
        fix({ device_id: 'dev-1' }),
      ],
    });

    const codes = (await results(res)).map((r) => [r.code, r.message]);
    expect(codes).toEqual([
      [
        'invalid_time',
        'fixes[0].timestamp: time "2024-05-01T10:00:00" has no zone; add Z or ±hh:mm',
      ],
      ['future_time', expect.stringMatching(/^device time is \d+ s in the future$/)],
      ['invalid_time', 'device time is missing or before 2000'],
      ['no_fix', 'position 0,0 means the device had no GPS fix'],
      [
        'coordinates_out_of_range',
        'latitude -122.99 or longitude 49.22 is out of range; ' +
          'they look swapped, send latitude as lat',
      ],
      ['invalid_value', 'fixes[5] has unknown field speed; send km/h as speed_kmh'],
      ['invalid_value', 'speedKmh must be a number in [0, 1000]'],
      ['invalid_vehicle', 'fixes[7] needs exactly one of vehicle_id and device_id'],
    ]);
    // Nothing of veh-B got in, so it was never registered either.
    expect(ctx.server.app.state.vehicle('veh-B')).toBeUndefined();
  });

  it('keeps buffered fixes as history and is idempotent per vehicle and device time', async () => {
    // Field case C01: the backlog arrives after the live fix.
    const order = [0, 5, 1, 2];
    const fixes = order.map((m) => ({
      vehicle_id: 'veh-C',
      timestamp: iso(T0 + m * MIN),
      lat: 52.5 + m * 0.002,
      lon: 13.4 + m * 0.004,
      speed_kmh: 30 + m,
    }));

    const first = await ingest({ fixes });
    expect((await results(first)).map((r) => r.status)).toEqual(
      Array(4).fill('accepted'),
    );
    const again = await ingest({ fixes: [...fixes].reverse() });
    expect((await results(again)).map((r) => r.status)).toEqual(
      Array(4).fill('duplicate'),
    );
    const twice = await ingest({ fixes: [fixes[2], fixes[2]] });
    expect((await results(twice)).map((r) => r.status)).toEqual([
      'duplicate',
      'duplicate',
    ]);

    expect(ctx.server.app.state.state('veh-C')?.fix.deviceTime).toBe(T0 + 5 * MIN);
    const track = await trackOf('veh-C', T0 - MIN, T0 + 10 * MIN);
    expect(track.map((p) => p.t)).toEqual([0, 1, 2, 5].map((m) => iso(T0 + m * MIN)));
  });

  it('answers 413 above the batch limit, naming it', async () => {
    const fixes = Array.from({ length: 9 }, (_, i) => ({
      vehicle_id: 'veh-E',
      timestamp: iso(T0 + i * 1000),
      lat: 30.27,
      lon: -97.74,
    }));
    const res = await ingest({ fixes });

    expect(res.status).toBe(413);
    expect(await res.json()).toEqual({
      error: {
        code: 'payload_too_large',
        message: 'At most 8 fixes per request; send the rest in another',
      },
    });
  });

  it('registers a new vehicle into the key fleet, up to the fleet limit', async () => {
    const fixes = ['veh-F', 'veh-G', 'veh-H', 'veh-I', 'veh-J'].map((vehicle_id) => ({
      vehicle_id,
      timestamp: iso(T0),
      lat: 30.27,
      lon: -97.74,
    }));
    const res = await ingest({ fixes });

    // veh-A and veh-C are in already; the limit is 6.
    expect((await results(res)).map((r) => r.code ?? r.status)).toEqual([
      'accepted',
      'accepted',
      'accepted',
      'accepted',
      'fleet_full',
    ]);
    expect(ctx.server.app.state.fleetOf('veh-F')).toBe(FLEET);
  });
});

describe('who may send positions', () => {
  const one = () => ({
    fixes: [
      { vehicle_id: 'veh-A', timestamp: iso(T0 + 9 * MIN), lat: 30.27, lon: -97.74 },
    ],
  });

  it.each(['viewer', 'dispatcher'] as const)('refuses the %s role', async (role) => {
    const res = await ingest(one(), ctx.keys[role]);

    expect(res.status).toBe(403);
    expect(await res.json()).toEqual({
      error: {
        code: 'role_forbidden',
        message: `The ${role} role may not send positions; use an ingest key`,
      },
    });
  });

  it('takes an admin key of the fleet', async () => {
    const res = await ingest(one(), ctx.keys.admin);
    expect(res.status).toBe(200);
  });

  it('answers another fleet like an unknown one', async () => {
    const res = await ingest({ ...one(), fleet_id: FLEET }, ctx.keys.otherAdmin);

    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({
      error: { code: 'not_found', message: `No fleet ${FLEET} is visible to this key` },
    });
  });

  it("refuses a vehicle of another fleet as not registered to the key's fleet", async () => {
    const res = await ingest(one(), ctx.keys.otherAdmin);

    expect(await results(res)).toEqual([
      refused(
        0,
        'unknown_vehicle',
        `vehicle veh-A is not registered to fleet ${OTHER_FLEET}`,
      ),
    ]);
  });

  it('answers 401 without a key or with a wrong one', async () => {
    const none = await postJson(`${ctx.server.base}/v1/ingest/positions`, one());
    const wrong = await ingest(one(), 'fli_not-a-real-key-at-all-0000');

    expect([none.status, wrong.status]).toEqual([401, 401]);
    expect(((await wrong.json()) as { error: { code: string } }).error.code).toBe(
      'invalid_api_key',
    );
  });
});

describe('ingest keys', () => {
  it('read nothing over REST', async () => {
    const res = await fetch(`${ctx.server.base}/v1/fleets`, {
      headers: bearer(ingestKey),
    });

    expect(res.status).toBe(403);
    expect(await res.json()).toEqual({
      error: {
        code: 'role_forbidden',
        message: 'An ingest key may only send positions (POST /v1/ingest/positions)',
      },
    });
  });

  it('open no Socket.IO connection', async () => {
    const socket = io(ctx.server.base, {
      auth: { apiKey: ingestKey, fleetId: FLEET },
      transports: ['websocket'],
      reconnection: false,
      forceNew: true,
    });
    const refusal = await new Promise<{ code?: string }>((resolve, reject) => {
      socket.on('connect', () => reject(new Error('an ingest key connected')));
      socket.on('connect_error', (e: Error & { data?: { code: string } }) =>
        resolve(e.data ?? {}),
      );
    });
    socket.disconnect();
    expect(refusal.code).toBe('invalid_api_key');
  });

  it('open no Bookovia stream', async () => {
    const ws = await TestSocket.open(
      `${ctx.server.wsBase}/v1/streaming/websocket?api_key=${ingestKey}&fleet_id=${FLEET}`,
    );
    const error = await ws.next((m) => m.type === 'auth_error');

    expect(error.payload['code']).toBe('invalid_api_key');
    expect((await ws.closed).code).toBe(4401);
  });

  it('are listed without the key itself and stop working once revoked', async () => {
    const listed = await fetch(`${ctx.server.base}/v1/fleets/${FLEET}/ingest-keys`, {
      headers: bearer(ctx.keys.admin),
    });
    const { ingest_keys } = (await listed.json()) as {
      ingest_keys: Array<{ key_id: string; label: string; key?: string }>;
    };
    expect(ingest_keys.map((k) => [k.label, k.key])).toEqual([
      ['depot gateway', undefined],
    ]);

    const id = ingest_keys[0]?.key_id ?? '';
    const revoked = await fetch(`${ctx.server.base}/v1/ingest-keys/${id}`, {
      method: 'DELETE',
      headers: bearer(ctx.keys.admin),
    });
    expect(revoked.status).toBe(200);
    const after = await ingest({ fixes: [] });
    expect(after.status).toBe(401);
  });
});

describe('GET /v1/fleets/{id}/sources', () => {
  it('counts the HTTP source by outcome and reason', async () => {
    const res = await fetch(`${ctx.server.base}/v1/fleets/${FLEET}/sources`, {
      headers: bearer(ctx.keys.admin),
    });
    const body = (await res.json()) as SourcesResponse;
    const http = body.sources.find((s) => s.source === 'http');

    expect(body.sources.map((s) => s.source)).toEqual([
      'replay',
      'http',
      'osmand',
      'gtfs-rt',
      'import',
    ]);
    expect(http).toMatchObject({ duplicates: 6 });
    expect(http?.rejected_by_reason).toMatchObject({
      invalid_coordinates: 6,
      no_fix: 1,
      fleet_full: 1,
    });
    expect(http?.last_message_at).not.toBeNull();
  });

  it.each(['viewer', 'dispatcher'] as const)('refuses the %s role', async (role) => {
    const res = await fetch(`${ctx.server.base}/v1/fleets/${FLEET}/sources`, {
      headers: bearer(ctx.keys[role]),
    });
    expect(res.status).toBe(403);
  });

  it('shows the same counts in /metrics', async () => {
    const text = await (await fetch(`${ctx.server.base}/metrics`)).text();

    expect(text).toContain(
      'fleetlight_source_fixes_total{source="http",outcome="rejected",reason="no_fix"} 1',
    );
    expect(text).toMatch(
      /fleetlight_source_last_message_timestamp_seconds\{source="http"\} \d/,
    );
  });
});

describe('after a restart', () => {
  it('still finds a re-sent late fix stored', async () => {
    // Older than veh-C's current fix: late, so only the database knows them.
    const fixes = [-5, -3].map((m) => ({
      vehicle_id: 'veh-C',
      timestamp: iso(T0 + m * MIN),
      lat: 52.49,
      lon: 13.39 + m * 0.001,
    }));
    const first = await ingest({ fixes }, ctx.keys.admin);
    expect((await results(first)).map((r) => r.status)).toEqual(['accepted', 'accepted']);
    const dataDir = ctx.server.dataDir;
    await ctx.server.close({ keepData: true });
    ctx.server = await startServer({ DEMO: 'off', DATA_DIR: dataDir });

    const again = await ingest({ fixes }, ctx.keys.admin);
    expect((await results(again)).map((r) => r.status)).toEqual([
      'duplicate',
      'duplicate',
    ]);
    expect(await trackOf('veh-C', T0 - 10 * MIN, T0 + 10 * MIN)).toHaveLength(6);
  });
});

function refused(index: number, code: string, message: string): FixResult {
  return { index, status: 'rejected', code, message } as FixResult;
}

async function trackOf(
  vehicleId: string,
  from: number,
  to: number,
): Promise<TrackPoint[]> {
  const res = await fetch(
    `${ctx.server.base}/v1/vehicles/${vehicleId}/track?from=${iso(from)}&to=${iso(to)}`,
    { headers: bearer(ctx.keys.admin) },
  );
  expect(res.status).toBe(200);
  return ((await res.json()) as { points: TrackPoint[] }).points;
}
