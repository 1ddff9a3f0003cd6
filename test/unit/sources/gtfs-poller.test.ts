import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createLogger } from '../../../server/log';
import { encodeFeed, type Feed } from '../../../server/sources/gtfs-rt/feed';
import { GtfsRtPoller } from '../../../server/sources/gtfs-rt/poller';
import { gatewayRig, type GatewayRig } from '../../support/gateway';

const NOW = Date.UTC(2026, 2, 10, 10, 0, 0);
const SECONDS = Math.floor(NOW / 1000);

/** What the feed server answers next; each test sets it. */
let answer: (req: http.IncomingMessage, res: http.ServerResponse) => void;
let server: http.Server;
let url: string;
let rig: GatewayRig;
let logs: Array<{ level: string; msg: string; kind?: string }>;

beforeAll(async () => {
  server = http.createServer((req, res) => answer(req, res));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/vp`;
});

afterAll(() => {
  server.close();
});

beforeEach(async () => {
  rig = await gatewayRig({ now: () => NOW });
  logs = [];
});

afterEach(async () => {
  await rig.close();
});

function poller(opts: { maxBytes?: number; allowPrivate?: boolean } = {}): GtfsRtPoller {
  const log = createLogger('debug', (line) => logs.push(JSON.parse(line)));
  return new GtfsRtPoller({
    fleetId: 'f1',
    url,
    intervalS: 30,
    vehiclePrefix: 'cm-',
    allowPrivate: opts.allowPrivate ?? true,
    gateway: rig.gateway,
    monitor: rig.monitor,
    log,
    now: () => NOW,
    ...(opts.maxBytes !== undefined && { maxBytes: opts.maxBytes }),
  });
}

function feed(headerSeconds = SECONDS): Feed {
  return {
    header: { gtfs_realtime_version: '2.0', timestamp: headerSeconds },
    entity: [
      {
        id: 'e1',
        vehicle: {
          vehicle: { id: '2223', label: 'Bus 2223' },
          trip: { trip_id: '1669554', route_id: '801' },
          position: {
            latitude: 30.2,
            longitude: -97.7,
            speed: 10,
            bearing: 180,
            odometer: 12_500,
          },
          timestamp: SECONDS - 20,
        },
      },
      // A trip update alone: no position, nothing to ingest.
      { id: 'e2' },
      { id: 'e3', vehicle: { vehicle: { id: '9' }, position: { latitude: 30.3 } } },
    ],
  };
}

function serve(body: Uint8Array, headers: Record<string, string> = {}) {
  answer = (_req, res) => {
    res.writeHead(200, headers);
    res.end(body);
  };
}

function gtfsHealth() {
  return rig.monitor.health('f1').find((s) => s.source === 'gtfs-rt');
}

describe('GtfsRtPoller', () => {
  it('feeds each vehicle position in our units, under the prefix', async () => {
    serve(encodeFeed(feed()));
    const poll = await poller().poll();

    expect(poll).toEqual({ at: new Date(NOW).toISOString(), result: 'ok', vehicles: 2 });
    expect(rig.state.state('cm-2223')?.fix).toEqual({
      vehicleId: 'cm-2223',
      deviceTime: (SECONDS - 20) * 1000,
      lat: expect.closeTo(30.2, 5),
      lon: expect.closeTo(-97.7, 5),
      speedKmh: 36,
      heading: 180,
      odometerKm: 12.5,
      tripId: '1669554',
      routeId: '801',
    });
    expect(rig.state.vehicle('cm-2223')?.label).toBe('Bus 2223');
    expect(gtfsHealth()).toMatchObject({
      accepted: 1,
      rejected: 1,
      rejected_by_reason: { invalid_coordinates: 1 },
    });
  });

  it('sends the validators back and counts 304 as not modified', async () => {
    const seen: Array<string | undefined> = [];
    const bytes = encodeFeed(feed());
    answer = (req, res) => {
      seen.push(req.headers['if-none-match']);
      if (req.headers['if-none-match'] === '"v1"') {
        res.writeHead(304);
        return res.end();
      }
      res.writeHead(200, { ETag: '"v1"' });
      res.end(bytes);
    };
    const p = poller();
    await p.poll();
    const second = await p.poll();

    expect(seen).toEqual([undefined, '"v1"']);
    expect(second.result).toBe('not_modified');
    expect(gtfsHealth()?.accepted).toBe(1);
  });

  it('counts an HTTP error and logs it once while it lasts', async () => {
    answer = (_req, res) => {
      res.writeHead(503);
      res.end('busy');
    };
    const p = poller();
    const first = await p.poll();
    await p.poll();

    expect(first).toMatchObject({
      result: 'http_error',
      http_status: 503,
      message: 'the feed answered HTTP 503',
    });
    expect(gtfsHealth()?.errors_by_kind).toEqual({ http_error: 2 });
    expect(logs.filter((l) => l.msg === 'gtfs-rt poll failed')).toHaveLength(1);

    serve(encodeFeed(feed()));
    await p.poll();
    expect(logs.map((l) => l.msg)).toContain('gtfs-rt feed recovered');
  });

  it('refuses bytes that are not a FeedMessage', async () => {
    serve(Buffer.from('<html>Service Unavailable</html>'));
    const poll = await poller().poll();

    expect(poll.result).toBe('bad_feed');
    expect(poll.message).toMatch(/^not a GTFS-realtime FeedMessage: /);
    expect(rig.state.vehiclesOf('f1')).toEqual([]);
  });

  it('refuses a FeedMessage without a header', async () => {
    serve(encodeFeed({ entity: feed().entity ?? [] }));
    const poll = await poller().poll();

    expect(poll).toMatchObject({
      result: 'bad_feed',
      message: 'the FeedMessage has no header',
    });
  });

  it('flags a feed whose header is stale, still taking its vehicles', async () => {
    serve(encodeFeed(feed(SECONDS - 3600)));
    const poll = await poller().poll();

    expect(poll).toMatchObject({
      result: 'stale_feed',
      message: 'the feed header is 3600 s old',
      vehicles: 2,
    });
    expect(gtfsHealth()).toMatchObject({
      accepted: 1,
      errors_by_kind: { stale_feed: 1 },
    });
  });

  it('stops reading a feed over the size limit', async () => {
    serve(encodeFeed(feed()));
    const poll = await poller({ maxBytes: 10 }).poll();

    expect(poll).toMatchObject({
      result: 'too_large',
      message: 'the feed is over 10 bytes',
    });
  });

  it('refuses a loopback address unless allowed, before connecting', async () => {
    let asked = false;
    answer = (_req, res) => {
      asked = true;
      res.end();
    };
    const poll = await poller({ allowPrivate: false }).poll();

    expect(poll.result).toBe('address_refused');
    expect(asked).toBe(false);
  });

  it('refuses a name that resolves to loopback, checking the resolved address', async () => {
    let asked = false;
    answer = (_req, res) => {
      asked = true;
      res.end();
    };
    const port = (server.address() as AddressInfo).port;
    url = `http://localhost:${port}/vp`;
    try {
      const poll = await poller({ allowPrivate: false }).poll();
      expect(poll.result).toBe('address_refused');
      expect(asked).toBe(false);
    } finally {
      url = `http://127.0.0.1:${port}/vp`;
    }
  });

  it('reports a refused connection as a network error', async () => {
    const closed = http.createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((r) => closed.close(() => r()));
    url = `http://127.0.0.1:${port}/vp`;
    try {
      const poll = await poller().poll();
      expect(poll.result).toBe('network_error');
    } finally {
      url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/vp`;
    }
  });
});
