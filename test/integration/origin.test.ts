import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { keyOf, startServer, type TestServer } from '../support/server';

const EXTRA = 'https://wall.example.com';
const FOREIGN = 'https://evil.example.net';

let server: TestServer;
let key: string;

beforeAll(async () => {
  server = await startServer({ ALLOWED_ORIGINS: `${EXTRA}, http://localhost:9` });
  key = keyOf(server, 'ann-arbor');
});

afterAll(async () => {
  await server.close();
});

interface Answer {
  status: number;
  body: string;
}

/** A plain HTTP request whose Origin header the test decides. */
function send(
  method: string,
  path: string,
  headers: Record<string, string>,
  body?: string,
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = http.request(server.base + path, { method, headers }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** Opens a WebSocket; resolves to 101 on success or the refusal's status. */
function upgrade(path: string, origin: string | undefined): Promise<Answer> {
  const ws = new WebSocket(server.wsBase + path, {
    ...(origin !== undefined && { origin }),
  });
  return new Promise((resolve, reject) => {
    ws.once('open', () => {
      ws.terminate();
      resolve({ status: 101, body: '' });
    });
    ws.once('unexpected-response', (_req, res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
    });
    ws.once('error', reject);
  });
}

const originOf = (o: string | undefined) => (o === undefined ? {} : { Origin: o });
const codeOf = (a: Answer) =>
  (JSON.parse(a.body) as { error: { code: string } }).error.code;

const ALLOWED: Array<[string, () => string | undefined]> = [
  ['the server’s own origin', () => server.base],
  ['no Origin at all', () => undefined],
  ['an origin in ALLOWED_ORIGINS', () => EXTRA],
];

describe.each([
  ['the Bookovia multi-channel endpoint', () => `/v1/streaming/websocket?api_key=${key}`],
  ['a Bookovia fleet endpoint', () => `/v1/streaming/websocket/fleet/ann-arbor`],
  ['Socket.IO over WebSocket', () => '/socket.io/?EIO=4&transport=websocket'],
])('an upgrade to %s', (_name, path) => {
  it('is refused with 403 origin_forbidden from a foreign origin', async () => {
    const answer = await upgrade(path(), FOREIGN);
    expect(answer.status).toBe(403);
    expect(codeOf(answer)).toBe('origin_forbidden');
  });

  it.each(ALLOWED)('is accepted from %s', async (_what, origin) => {
    expect((await upgrade(path(), origin())).status).toBe(101);
  });
});

type Target = () => { path: string; headers: Record<string, string> };

describe.each<[string, Target]>([
  [
    'Socket.IO long polling',
    () => ({ path: '/socket.io/?EIO=4&transport=polling', headers: {} }),
  ],
  [
    'the long-poll feed',
    () => ({
      path: '/v1/streaming/poll?fleet_id=ann-arbor&channels=alerts',
      headers: { Authorization: `Bearer ${key}` },
    }),
  ],
])('a request to %s', (_name, target) => {
  const get = (origin: string | undefined) => {
    const { path, headers } = target();
    return send('GET', path, { ...headers, ...originOf(origin) });
  };

  it('is refused with 403 origin_forbidden from a foreign origin', async () => {
    const answer = await get(FOREIGN);
    expect(answer.status).toBe(403);
    expect(codeOf(answer)).toBe('origin_forbidden');
  });

  it('is refused from an origin that only shares the host name', async () => {
    expect((await get('http://127.0.0.1:1')).status).toBe(403);
  });

  it.each(ALLOWED)('is accepted from %s', async (_what, origin) => {
    expect((await get(origin())).status).toBe(200);
  });
});

describe('a REST mutation', () => {
  const put = (origin: string | undefined) => {
    const vehicle = server.app.state.snapshot('ann-arbor')[0]?.vehicleId ?? '';
    return send(
      'PUT',
      `/v1/vehicles/${vehicle}/driver-status`,
      {
        Authorization: `Bearer ${key}`,
        'Content-Type': 'application/json',
        ...originOf(origin),
      },
      JSON.stringify({ status: 'on_break' }),
    );
  };

  it('is refused with 403 origin_forbidden from a foreign origin', async () => {
    const answer = await put(FOREIGN);
    expect(answer.status).toBe(403);
    expect(codeOf(answer)).toBe('origin_forbidden');
  });

  it('is refused from Origin: null', async () => {
    expect((await put('null')).status).toBe(403);
  });

  it.each(ALLOWED)('is accepted from %s', async (_what, origin) => {
    expect((await put(origin())).status).toBe(200);
  });
});

describe('a REST mutation with a JSON body', () => {
  const put = (headers: Record<string, string>, query = '') => {
    const vehicle = server.app.state.snapshot('ann-arbor')[0]?.vehicleId ?? '';
    return send(
      'PUT',
      `/v1/vehicles/${vehicle}/driver-status${query}`,
      headers,
      JSON.stringify({ status: 'idle' }),
    );
  };

  it.each([
    ['no Content-Type', {}],
    ['a form type', { 'Content-Type': 'application/x-www-form-urlencoded' }],
    ['text/plain', { 'Content-Type': 'text/plain' }],
  ])('is refused with 415 under %s', async (_what, type) => {
    const answer = await put({ Authorization: `Bearer ${key}`, ...type });

    expect(answer.status).toBe(415);
    expect(JSON.parse(answer.body)).toEqual({
      error: {
        code: 'unsupported_media_type',
        message: 'Send the body as Content-Type: application/json',
      },
    });
  });

  it('is accepted as application/json with a charset', async () => {
    const answer = await put({
      Authorization: `Bearer ${key}`,
      'Content-Type': 'application/json; charset=utf-8',
    });
    expect(answer.status).toBe(200);
  });

  it('is not authenticated by a key in the query string', async () => {
    const answer = await put(
      { 'Content-Type': 'application/json' },
      `?api_key=${encodeURIComponent(key)}`,
    );
    expect(answer.status).toBe(401);
    expect(codeOf(answer)).toBe('missing_api_key');
  });

  it('is not authenticated by a cookie', async () => {
    const answer = await put({
      'Content-Type': 'application/json',
      Cookie: `api_key=${key}; fleetlight_key=${key}`,
    });
    expect(answer.status).toBe(401);
    expect(codeOf(answer)).toBe('missing_api_key');
  });
});
