import { io, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { KeyIdentity } from '../../lib/protocol';
import type { WallToken } from '../../lib/protocol/wall-tokens';
import { hashKey } from '../../server/db/key-rows';
import {
  bearer,
  FLEET,
  postJson,
  startSourceServer,
  until,
  type SourceServer,
} from '../support/sources';

let ctx: SourceServer;
const sockets: Socket[] = [];

beforeAll(async () => {
  ctx = await startSourceServer();
});

afterAll(async () => {
  for (const s of sockets) s.disconnect();
  await ctx?.server.close();
});

const url = (path: string) => `${ctx.server.base}${path}`;

async function create(label: string, key = ctx.keys.admin, fleet = FLEET) {
  const res = await postJson(url(`/v1/fleets/${fleet}/wall-tokens`), { label }, key);
  return { res, body: (await res.json()) as { wall_token: Required<WallToken> } };
}

async function list(key = ctx.keys.admin): Promise<WallToken[]> {
  const res = await fetch(url(`/v1/fleets/${FLEET}/wall-tokens`), {
    headers: bearer(key),
  });
  expect(res.status).toBe(200);
  return ((await res.json()) as { wall_tokens: WallToken[] }).wall_tokens;
}

function revoke(tokenId: string, key = ctx.keys.admin): Promise<Response> {
  return fetch(url(`/v1/wall-tokens/${tokenId}`), {
    method: 'DELETE',
    headers: bearer(key),
  });
}

function connect(apiKey: string): Socket {
  const socket = io(ctx.server.base, {
    auth: { apiKey, fleetId: FLEET },
    transports: ['websocket'],
    reconnection: false,
    forceNew: true,
  });
  sockets.push(socket);
  return socket;
}

/** Resolves with the handshake's refusal code; fails if it is accepted. */
function refusal(apiKey: string): Promise<string | undefined> {
  return new Promise((resolve, reject) => {
    const socket = connect(apiKey);
    socket.on('connect', () => reject(new Error('the handshake was accepted')));
    socket.on('connect_error', (e: Error & { data?: { code: string } }) =>
      resolve(e.data?.code),
    );
  });
}

describe('wall display tokens', () => {
  it('gives an admin the token and the wall URL once, and lists it without them', async () => {
    const { res, body } = await create('Dispatch room, left screen');

    expect(res.status).toBe(201);
    const made = body.wall_token;
    expect(made.token).toMatch(/^flw_[\w-]{43}$/);
    expect(made.wall_url).toBe(`/fleet/${FLEET}/wall#key=${made.token}`);
    expect(made.fleet_id).toBe(FLEET);
    expect(made.label).toBe('Dispatch room, left screen');
    const listed = (await list()).find((t) => t.token_id === made.token_id);
    expect(listed).toEqual({
      token_id: made.token_id,
      fleet_id: FLEET,
      label: 'Dispatch room, left screen',
      created_at: made.created_at,
      created_by: made.created_by,
    });
  });

  it('stores the token hashed, never in clear', async () => {
    const { body } = await create('Hash check');
    const { token, token_id } = body.wall_token;

    const row = await ctx.server.app.db
      .selectFrom('api_keys')
      .selectAll()
      .where('id', '=', token_id)
      .executeTakeFirstOrThrow();
    expect(row.key_hash).toBe(await hashKey(ctx.server.app.db, token));
    expect(JSON.stringify(row)).not.toContain(token);
  });

  it('is a viewer of its one fleet: reads, streams, and may change nothing', async () => {
    const { token } = (await create('Read only')).body.wall_token;

    const me = await fetch(url('/v1/me'), { headers: bearer(token) });
    expect((await me.json()) as KeyIdentity).toMatchObject({
      role: 'viewer',
      fleets: [FLEET],
    });
    const write = await postJson(
      url(`/v1/fleets/${FLEET}/wall-tokens`),
      { label: 'x' },
      token,
    );
    expect(write.status).toBe(403);
    expect(await write.json()).toEqual({
      error: { code: 'role_forbidden', message: 'The viewer role may not do this' },
    });
    const socket = connect(token);
    await new Promise<void>((resolve, reject) => {
      socket.once('snapshot', () => resolve());
      socket.once('connect_error', reject);
    });
  });

  it('is refused to a dispatcher, a viewer and an admin of another fleet', async () => {
    for (const key of [ctx.keys.dispatcher, ctx.keys.viewer]) {
      const { res } = await create('Not mine to make', key);
      expect(res.status).toBe(403);
      const listing = await fetch(url(`/v1/fleets/${FLEET}/wall-tokens`), {
        headers: bearer(key),
      });
      expect(listing.status).toBe(403);
    }
    const { res } = await create('Elsewhere', ctx.keys.otherAdmin);
    expect(res.status).toBe(404);

    const { token_id } = (await create('Theirs to keep')).body.wall_token;
    expect((await revoke(token_id, ctx.keys.otherAdmin)).status).toBe(404);
    expect((await list()).map((t) => t.token_id)).toContain(token_id);
  });

  it('refuses a label that is missing or too long, naming the body', async () => {
    for (const body of [
      {},
      { label: '' },
      { label: 'x'.repeat(101) },
      { label: 'a', x: 1 },
    ]) {
      const res = await postJson(
        url(`/v1/fleets/${FLEET}/wall-tokens`),
        body,
        ctx.keys.admin,
      );
      expect(res.status).toBe(400);
      expect(await res.json()).toEqual({
        error: { code: 'invalid_message', message: 'Send {"label": string (1–100)}' },
      });
    }
  });

  it('once revoked, closes the open wall stream and opens no new one', async () => {
    const { token, token_id } = (await create('To revoke')).body.wall_token;
    const socket = connect(token);
    await new Promise<void>((resolve, reject) => {
      socket.once('snapshot', () => resolve());
      socket.once('connect_error', reject);
    });
    let reason = '';
    socket.on('disconnect', (r) => (reason = r));

    const res = await revoke(token_id);

    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ token_id, revoked: true });
    await until(() => reason !== '', 'the revoked stream to close');
    expect(reason).toBe('io server disconnect');
    expect(await refusal(token)).toBe('invalid_api_key');
    const me = await fetch(url('/v1/me'), { headers: bearer(token) });
    expect(me.status).toBe(401);
    expect((await list()).map((t) => t.token_id)).not.toContain(token_id);
    expect((await revoke(token_id)).status).toBe(404);
  });

  it('once revoked, closes its Bookovia sockets too, with invalid_api_key', async () => {
    const { token, token_id } = (await create('Raw socket')).body.wall_token;
    const query = `api_key=${token}&fleet_id=${FLEET}&subscriptions=alerts`;
    const ws = new WebSocket(`${ctx.server.wsBase}/v1/streaming/websocket?${query}`);
    const types: string[] = [];
    ws.on('message', (data) =>
      types.push((JSON.parse(String(data)) as { type: string }).type),
    );
    let code = 0;
    ws.on('close', (c) => (code = c));
    await until(() => types.includes('auth_success'), 'the socket to authenticate');

    expect((await revoke(token_id)).status).toBe(200);

    await until(() => code !== 0, 'the revoked socket to close');
    expect(code).toBe(4401);
    expect(types).toContain('auth_error');
  });

  it('revokes only wall tokens: an admin key id is not one', async () => {
    const me = (await (
      await fetch(url('/v1/me'), { headers: bearer(ctx.keys.dispatcher) })
    ).json()) as KeyIdentity;

    expect((await revoke(me.key_id)).status).toBe(404);
    const still = await fetch(url('/v1/me'), { headers: bearer(ctx.keys.dispatcher) });
    expect(still.status).toBe(200);
  });
});
