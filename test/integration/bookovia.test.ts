import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { locationUpdatePayloadSchema } from '../../lib/protocol';
import { keyOf, startServer, type TestServer } from '../support/server';
import { TestSocket, type Received } from '../support/ws-client';

const A = 'austin-metrorapid';
const B = 'ann-arbor';
const PATH = '/v1/streaming/websocket';
const ISO_UTC = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/;

let server: TestServer;
const open: TestSocket[] = [];

beforeAll(async () => {
  server = await startServer({ AUTH_TIMEOUT_MS: '1500' });
});

afterAll(async () => {
  for (const s of open) s.close();
  await server.close();
});

async function connect(query = '', path = PATH): Promise<TestSocket> {
  const socket = await TestSocket.open(`${server.wsBase}${path}${query}`);
  open.push(socket);
  return socket;
}

const isLocation = (m: Received) => m.type === 'location_update';

function expectSpecShaped(m: Received, fleetId: string): void {
  expect(Object.keys(m).sort()).toEqual([
    'channel',
    'id',
    'payload',
    'seq',
    'timestamp',
    'type',
  ]);
  expect(m.channel).toBe('vehicle_locations');
  expect(m.timestamp).toMatch(ISO_UTC);
  const payload = locationUpdatePayloadSchema.parse(m.payload);
  expect(payload.fleet_id).toBe(fleetId);
  expect(payload.timestamp).toBe(m.timestamp);
  expect(typeof payload.location.latitude).toBe('number');
  expect(typeof payload.location.longitude).toBe('number');
}

describe('Bookovia WebSocket: query-parameter authentication', () => {
  it('streams spec-shaped location_update envelopes after subscribe', async () => {
    const ws = await connect(`?api_key=${keyOf(server, A)}&fleet_id=${A}`);
    const ok = await ws.next((m) => m.type === 'auth_success');
    expect(ok.payload).toMatchObject({ fleet_id: A, fleets: [A], role: 'admin' });

    ws.send({
      type: 'subscribe',
      id: 'sub-1',
      payload: { action: 'subscribe', channel: 'vehicle_locations' },
    });
    const ack = await ws.next((m) => m.type === 'subscribed');
    expect(ack.id).toBe('sub-1');
    expect(ack.payload['subscriptions']).toEqual(['vehicle_locations']);

    const updates = await ws.collect(isLocation, 5);
    for (const u of updates) expectSpecShaped(u, A);
    expect(new Set(updates.map((u) => u.id)).size).toBe(updates.length);
    const seqs = updates.map((u) => u.seq ?? 0);
    expect(seqs).toEqual([...seqs].sort((x, y) => x - y));
  });

  it('sends nothing before the client subscribes', async () => {
    const ws = await connect(`?api_key=${keyOf(server, A)}&fleet_id=${A}`);
    await ws.next((m) => m.type === 'auth_success');
    await new Promise((r) => setTimeout(r, 1500));
    expect(ws.messages.filter(isLocation)).toEqual([]);
  });

  it('closes with 4401 and auth_error when the key is wrong', async () => {
    const ws = await connect(`?api_key=flk_wrong-wrong-wrong-wrong&fleet_id=${A}`);
    const err = await ws.next((m) => m.type === 'auth_error');
    expect(err.payload).toEqual({
      code: 'invalid_api_key',
      message: 'The API key is unknown or revoked',
    });
    expect((await ws.closed).code).toBe(4401);
  });

  it('closes with 4403 when the key may not read the fleet', async () => {
    const ws = await connect(`?api_key=${keyOf(server, B)}&fleet_id=${A}`);
    const err = await ws.next((m) => m.type === 'auth_error');
    expect(err.payload['code']).toBe('fleet_forbidden');
    expect((await ws.closed).code).toBe(4403);
  });
});

describe('Bookovia WebSocket: the auth message', () => {
  it('authenticates and applies its subscriptions at once', async () => {
    const ws = await connect();
    ws.send({
      type: 'auth',
      id: 'auth-1',
      payload: {
        api_key: keyOf(server, A),
        fleet_id: A,
        subscriptions: ['vehicle_locations'],
      },
    });
    const ok = await ws.next((m) => m.type === 'auth_success');
    expect(ok.id).toBe('auth-1');
    expect(ok.payload['subscriptions']).toEqual(['vehicle_locations']);
    const [first] = await ws.collect(isLocation, 1);
    expectSpecShaped(first as Received, A);
  });

  it('answers auth_error and closes with 4401 for a wrong key', async () => {
    const ws = await connect();
    ws.send({ type: 'auth', id: 'a', payload: { api_key: 'flk_nope-nope-nope-nope' } });
    const err = await ws.next((m) => m.type === 'auth_error');
    expect(err.payload).toEqual({
      code: 'invalid_api_key',
      message: 'The API key is unknown or revoked',
      correlation_id: 'a',
    });
    expect((await ws.closed).code).toBe(4401);
  });

  it('refuses other messages before authentication and keeps the socket open', async () => {
    const ws = await connect();
    ws.send({ type: 'subscribe', id: 's', payload: { channel: 'vehicle_locations' } });
    const err = await ws.next((m) => m.type === 'error');
    expect(err.payload['code']).toBe('not_authenticated');
    expect(err.payload['correlation_id']).toBe('s');

    ws.send({ type: 'auth', payload: { api_key: keyOf(server, A) } });
    const ok = await ws.next((m) => m.type === 'auth_success');
    expect(ok.payload['subscriptions']).toEqual([]);
  });

  it('closes a socket that does not authenticate in time with 4408', async () => {
    const ws = await connect();
    const err = await ws.next((m) => m.type === 'auth_error', 5000);
    expect(err.payload['code']).toBe('auth_timeout');
    expect((await ws.closed).code).toBe(4408);
  });

  it('answers malformed JSON with an error and stays open', async () => {
    const ws = await connect(`?api_key=${keyOf(server, A)}&fleet_id=${A}`);
    await ws.next((m) => m.type === 'auth_success');
    ws.send('{not json');
    const err = await ws.next((m) => m.type === 'error');
    expect(err.payload).toEqual({
      code: 'malformed_json',
      message: 'The message is not valid JSON',
    });
    ws.send({ type: 'ping', id: 'p1' });
    const pong = await ws.next((m) => m.type === 'pong');
    expect(pong.id).toBe('p1');
  });

  it('refuses an unknown channel by name', async () => {
    const ws = await connect(`?api_key=${keyOf(server, A)}&fleet_id=${A}`);
    await ws.next((m) => m.type === 'auth_success');
    ws.send({
      type: 'subscribe',
      id: 'x',
      payload: { action: 'subscribe', channel: 'gossip' },
    });
    const err = await ws.next((m) => m.type === 'error');
    expect(err.payload).toEqual({
      code: 'unknown_channel',
      message: 'Unknown channel "gossip"',
      correlation_id: 'x',
    });
  });
});

describe('Bookovia WebSocket: unknown channels at authentication', () => {
  it.each([
    ['the auth message', false],
    ['?subscriptions=', true],
  ])(
    'authenticates with the known channels from %s, then names the unknown one',
    async (_form, inQuery) => {
      const key = keyOf(server, A);
      const ws = await connect(
        inQuery ? `?api_key=${key}&subscriptions=gossip,vehicle_locations,rumours` : '',
      );
      const subscriptions = ['gossip', 'vehicle_locations', 'rumours'];
      if (!inQuery)
        ws.send({ type: 'auth', id: 'a1', payload: { api_key: key, subscriptions } });

      const ok = await ws.next((m) => m.type === 'auth_success');
      const err = await ws.next((m) => m.type === 'error');

      expect(ok.payload['subscriptions']).toEqual(['vehicle_locations']);
      expect(err.payload).toEqual({
        code: 'unknown_channel',
        message: 'Unknown channel "gossip"',
        ...(!inQuery && { correlation_id: 'a1' }),
      });
      ws.send({ type: 'ping', id: 'p1' });
      expect((await ws.next((m) => m.type === 'pong')).id).toBe('p1');
    },
  );
});

describe('Bookovia WebSocket: malformed auth', () => {
  it.each([
    [
      { fleet_id: ['a'] },
      'invalid_message',
      'Invalid auth payload: check fleet_id',
      4400,
    ],
    [{ api_key: 42 }, 'invalid_message', 'Invalid auth payload: check api_key', 4400],
    [
      { subscriptions: 'alerts' },
      'invalid_message',
      'Invalid auth payload: check subscriptions',
      4400,
    ],
    [{ api_key: undefined }, 'missing_api_key', 'auth needs payload.api_key', 4401],
    [{ api_key: '' }, 'missing_api_key', 'auth needs payload.api_key', 4401],
  ])('answers %j with %s and closes', async (change, code, message, close) => {
    const ws = await connect();
    const payload = { api_key: keyOf(server, A), fleet_id: A, ...change };
    ws.send({ type: 'auth', id: 'a1', payload });

    const err = await ws.next((m) => m.type === 'auth_error');

    expect(err.payload).toEqual({ code, message, correlation_id: 'a1' });
    expect(await ws.closed).toEqual({ code: close, reason: code });
  });

  it('refuses an auth message whose payload is not an object and closes', async () => {
    const ws = await connect();
    ws.send({ type: 'auth', id: 'a1', payload: [keyOf(server, A)] });

    const err = await ws.next((m) => m.type === 'auth_error');

    expect(err.payload).toEqual({
      code: 'invalid_message',
      message: 'Invalid auth message: check payload',
    });
    expect(await ws.closed).toEqual({ code: 4400, reason: 'invalid_message' });
  });

  it('refuses an empty ?fleet_id= like the same auth payload', async () => {
    const ws = await connect(`?api_key=${keyOf(server, A)}&fleet_id=`);

    const err = await ws.next((m) => m.type === 'auth_error');

    expect(err.payload).toEqual({
      code: 'invalid_message',
      message: 'Invalid auth query: check fleet_id',
    });
    expect(await ws.closed).toEqual({ code: 4400, reason: 'invalid_message' });
  });
});

describe('Bookovia WebSocket: scoped endpoints', () => {
  it('streams one vehicle on /vehicle/{id}', async () => {
    const vehicle = server.app.state.snapshot(A)[0]?.vehicleId ?? '';
    const ws = await connect(
      `?api_key=${keyOf(server, A)}&subscriptions=vehicle_locations`,
      `${PATH}/vehicle/${vehicle}`,
    );
    const ok = await ws.next((m) => m.type === 'auth_success');
    expect(ok.payload['scope']).toEqual({
      kind: 'vehicle',
      vehicle_id: vehicle,
      fleet_id: A,
    });
    ws.send({
      type: 'request',
      id: 'r',
      payload: { action: 'request', data: { resource: 'vehicles' } },
    });
    const res = await ws.next((m) => m.type === 'response');
    const data = res.payload['data'] as Received[];
    expect(data.map((d) => d.payload.vehicle_id)).toEqual([vehicle]);
  });

  it('refuses a vehicle of another fleet exactly like an unknown one', async () => {
    const foreign = server.app.state.snapshot(A)[0]?.vehicleId ?? '';
    const answers = [];
    for (const id of [foreign, 'bus-does-not-exist']) {
      const ws = await connect(`?api_key=${keyOf(server, B)}`, `${PATH}/vehicle/${id}`);
      const err = await ws.next((m) => m.type === 'auth_error');
      answers.push([err.payload['code'], (await ws.closed).code]);
    }
    expect(answers).toEqual([
      ['not_found', 4404],
      ['not_found', 4404],
    ]);
  });

  it('streams only its fleet on /fleet/{id}', async () => {
    const ws = await connect(
      `?api_key=${keyOf(server, B)}&subscriptions=vehicle_locations`,
      `${PATH}/fleet/${B}`,
    );
    await ws.next((m) => m.type === 'auth_success');
    const updates = await ws.collect(isLocation, 3);
    expect(updates.every((u) => u.payload.fleet_id === B)).toBe(true);
  });
});
