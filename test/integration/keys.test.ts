import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { io, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { KeyIdentity } from '../../lib/protocol';
import type { FleetKey } from '../../server/db/api-keys';
import { storeApiKey, generateApiKey } from '../../server/auth/api-keys';
import { legacyHash } from '../../server/auth/key-hash';
import { createFleetlight } from '../../server/app';
import { loadConfig, ROOT_DIR } from '../../server/config';
import { registerFleets } from '../../server/db/fleets';
import { hashKey } from '../../server/db/key-rows';
import { createLogger } from '../../server/log';
import {
  bearer,
  FLEET,
  OTHER_FLEET,
  postJson,
  startSourceServer,
  until,
  type SourceServer,
} from '../support/sources';

/** Short grace and recheck, so rotations and remote revocations end quickly. */
const ENV = { KEY_ROTATE_GRACE_S: '2', KEY_RECHECK_S: '1' };

let ctx: SourceServer;
const sockets: Socket[] = [];
const raw: WebSocket[] = [];

beforeAll(async () => {
  ctx = await startSourceServer(ENV);
});

afterAll(async () => {
  for (const s of sockets) s.disconnect();
  for (const w of raw) w.terminate();
  await ctx?.server.close();
});

const url = (p: string) => `${ctx.server.base}${p}`;

async function create(role: string, label: string, key = ctx.keys.admin, fleet = FLEET) {
  const res = await postJson(url(`/v1/fleets/${fleet}/keys`), { role, label }, key);
  return { res, body: (await res.json()) as { key: Required<FleetKey> } };
}

async function list(key = ctx.keys.admin, fleet = FLEET) {
  return fetch(url(`/v1/fleets/${fleet}/keys`), { headers: bearer(key) });
}

function rotate(id: string, key = ctx.keys.admin, kind = 'keys') {
  return fetch(url(`/v1/${kind}/${id}/rotate`), { method: 'POST', headers: bearer(key) });
}

function revoke(id: string, key = ctx.keys.admin, kind = 'keys') {
  return fetch(url(`/v1/${kind}/${id}`), { method: 'DELETE', headers: bearer(key) });
}

async function me(key: string, base = ctx.server.base): Promise<number> {
  return (await fetch(`${base}/v1/me`, { headers: bearer(key) })).status;
}

/** A Socket.IO stream of FLEET, resolved once its snapshot arrives. */
async function stream(apiKey: string, base = ctx.server.base) {
  const socket = io(base, {
    auth: { apiKey, fleetId: FLEET },
    transports: ['websocket'],
    reconnection: false,
    forceNew: true,
  });
  sockets.push(socket);
  const closed = { reason: '' };
  socket.on('disconnect', (r) => (closed.reason = r));
  await new Promise<void>((resolve, reject) => {
    socket.once('snapshot', () => resolve());
    socket.once('connect_error', reject);
  });
  return closed;
}

/** A Bookovia socket of FLEET, resolved once authenticated. */
async function bookovia(apiKey: string) {
  const query = `api_key=${apiKey}&fleet_id=${FLEET}&subscriptions=alerts`;
  const ws = new WebSocket(`${ctx.server.wsBase}/v1/streaming/websocket?${query}`);
  raw.push(ws);
  const seen = { types: [] as string[], code: 0 };
  ws.on('message', (d) =>
    seen.types.push((JSON.parse(String(d)) as { type: string }).type),
  );
  ws.on('close', (c) => (seen.code = c));
  await until(() => seen.types.includes('auth_success'), 'the socket to authenticate');
  return seen;
}

describe('API keys over REST', () => {
  it('gives an admin a new key once and lists it without the secret', async () => {
    const { res, body } = await create('dispatcher', 'Night desk');

    expect(res.status).toBe(201);
    const { key, key_id } = body.key;
    expect(key).toMatch(/^flk_/);
    expect(body.key).toMatchObject({ fleet_id: FLEET, role: 'dispatcher' });
    const who = (await (
      await fetch(url('/v1/me'), { headers: bearer(key) })
    ).json()) as KeyIdentity;
    expect(who).toEqual({ key_id, role: 'dispatcher', fleets: [FLEET] });

    const listed = await list();
    const text = await listed.text();
    expect(listed.status).toBe(200);
    expect(text).not.toContain(key);
    const keys = (JSON.parse(text) as { keys: FleetKey[] }).keys;
    expect(keys.find((k) => k.key_id === key_id)).toEqual({
      key_id,
      fleet_id: FLEET,
      role: 'dispatcher',
      label: 'Night desk',
      created_at: body.key.created_at,
    });
  });

  it('is for admins only', async () => {
    for (const key of [ctx.keys.dispatcher, ctx.keys.viewer]) {
      expect((await list(key)).status).toBe(403);
      expect((await create('viewer', 'x', key)).res.status).toBe(403);
    }
  });

  it('keeps fleets apart: another fleet’s admin sees and changes nothing', async () => {
    const { key_id, key } = (await create('viewer', 'Mine')).body.key;

    expect((await list(ctx.keys.otherAdmin)).status).toBe(404);
    expect((await create('viewer', 'x', ctx.keys.otherAdmin)).res.status).toBe(404);
    expect((await rotate(key_id, ctx.keys.otherAdmin)).status).toBe(404);
    expect((await revoke(key_id, ctx.keys.otherAdmin)).status).toBe(404);
    const other = (await (await list(ctx.keys.otherAdmin, OTHER_FLEET)).json()) as {
      keys: FleetKey[];
    };
    expect(other.keys.map((k) => k.key_id)).not.toContain(key_id);
    expect(await me(key)).toBe(200);
  });

  it('refuses a bad role or label, saying what to send', async () => {
    const { res, body } = await create('owner', 'x');

    expect(res.status).toBe(400);
    expect(body).toEqual({
      error: {
        code: 'invalid_message',
        message:
          'Send {"role": "viewer" | "dispatcher" | "admin", "label": string (1–100)}',
      },
    });
  });

  it('revokes a key and closes its Socket.IO and Bookovia sockets', async () => {
    const { key, key_id } = (await create('viewer', 'Revoke me')).body.key;
    const io1 = await stream(key);
    const ws = await bookovia(key);

    const res = await revoke(key_id);

    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ key_id, revoked: true });
    await until(() => io1.reason !== '' && ws.code !== 0, 'both sockets to close');
    expect(io1.reason).toBe('io server disconnect');
    expect(ws.code).toBe(4401);
    expect(ws.types).toContain('auth_error');
    expect(await me(key)).toBe(401);
    expect((await revoke(key_id)).status).toBe(404);
  });

  it('revokes a key and answers its held long poll 401 at once', async () => {
    const { key, key_id } = (await create('viewer', 'Poller')).body.key;
    const poll = url(
      `/v1/streaming/poll?fleet_id=${FLEET}&channels=alerts&wait_ms=30000`,
    );
    const first = await fetch(poll, { headers: bearer(key) });
    const { epoch, offsets } = (await first.json()) as {
      epoch: string;
      offsets: Record<string, number>;
    };
    const resume = `&epoch=${epoch}&offset=${offsets[FLEET] ?? 0}`;
    const held = fetch(poll + resume, { headers: bearer(key) });
    await new Promise((r) => setTimeout(r, 300));

    expect((await revoke(key_id)).status).toBe(200);

    const answer = await held;
    expect(answer.status).toBe(401);
    expect(((await answer.json()) as { error: { code: string } }).error.code).toBe(
      'invalid_api_key',
    );
    expect((await fetch(poll, { headers: bearer(key) })).status).toBe(401);
  });

  it('will not revoke the last admin key of a fleet', async () => {
    const { key, key_id } = (
      await create('admin', 'Sole admin', ctx.keys.otherAdmin, OTHER_FLEET)
    ).body.key;
    const first = (await (
      await fetch(url('/v1/me'), { headers: bearer(ctx.keys.otherAdmin) })
    ).json()) as KeyIdentity;
    expect((await revoke(key_id, key)).status).toBe(200);

    const res = await revoke(first.key_id, ctx.keys.otherAdmin);

    expect(res.status).toBe(409);
    expect(await res.json()).toEqual({
      error: {
        code: 'key_conflict',
        message:
          `Key ${first.key_id} is the last admin key of fleet ${OTHER_FLEET}; ` +
          'create another admin key first, then revoke this one',
      },
    });
    expect(await me(ctx.keys.otherAdmin)).toBe(200);
  });
});

describe('rotation', () => {
  it('gives the same key a new secret; the old one works for the grace period only', async () => {
    const { key: old, key_id } = (await create('viewer', 'Rotate me')).body.key;
    const oldStream = await stream(old);

    const res = await rotate(key_id);

    expect(res.status).toBe(200);
    const rotated = ((await res.json()) as { key: Required<FleetKey> }).key;
    expect(rotated).toMatchObject({ key_id, role: 'viewer', fleet_id: FLEET });
    expect(rotated.key).not.toBe(old);
    expect(Date.parse(rotated.previous_valid_until ?? '')).toBeGreaterThan(Date.now());
    const newStream = await stream(rotated.key);
    expect(await me(rotated.key)).toBe(200);
    expect(await me(old)).toBe(200);

    await until(() => oldStream.reason !== '', 'the old secret’s socket to close');
    expect(await me(old)).toBe(401);
    expect(await me(rotated.key)).toBe(200);
    expect(newStream.reason).toBe('');
  });

  it('rotates ingest keys and wall tokens the same way', async () => {
    const ingest = await postJson(
      url(`/v1/fleets/${FLEET}/ingest-keys`),
      { label: 'gw' },
      ctx.keys.admin,
    );
    const { key_id } = ((await ingest.json()) as { ingest_key: { key_id: string } })
      .ingest_key;
    const wall = await postJson(
      url(`/v1/fleets/${FLEET}/wall-tokens`),
      { label: 'lobby' },
      ctx.keys.admin,
    );
    const { token_id } = ((await wall.json()) as { wall_token: { token_id: string } })
      .wall_token;

    const ri = await rotate(key_id, ctx.keys.admin, 'ingest-keys');
    const rw = await rotate(token_id, ctx.keys.admin, 'wall-tokens');

    expect(ri.status).toBe(200);
    const newIngest = ((await ri.json()) as { ingest_key: { key: string } }).ingest_key;
    expect(newIngest.key).toMatch(/^fli_/);
    const send = await postJson(
      url('/v1/ingest/positions'),
      { positions: [] },
      newIngest.key,
    );
    expect(send.status).not.toBe(401);
    expect(rw.status).toBe(200);
    const newWall = (
      (await rw.json()) as { wall_token: { token: string; wall_url: string } }
    ).wall_token;
    expect(newWall.wall_url).toContain(newWall.token);
    expect(await me(newWall.token)).toBe(200);
    expect((await rotate(key_id, ctx.keys.otherAdmin, 'ingest-keys')).status).toBe(404);
  });
});

describe('stored hashes', () => {
  it('keeps a key stored with the old plain hash working and upgrades its row', async () => {
    const key = generateApiKey();
    const id = await storeApiKey(ctx.server.app.db, key, {
      role: 'viewer',
      label: 'old',
      fleets: [FLEET],
    });
    await ctx.server.app.db
      .updateTable('api_keys')
      .set({ key_hash: legacyHash(key) })
      .where('id', '=', id)
      .execute();

    expect(await me(key)).toBe(200);

    const row = await ctx.server.app.db
      .selectFrom('api_keys')
      .select('key_hash')
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    expect(row.key_hash).toBe(await hashKey(ctx.server.app.db, key));
    expect(row.key_hash).not.toBe(legacyHash(key));
    expect(await me(key)).toBe(200);
  });
});

describe('two nodes on one database', () => {
  let child: ChildProcessWithoutNullStreams | undefined;
  afterAll(() => child?.kill('SIGKILL'));

  it('a revocation made by another server process closes the sockets open here', async () => {
    // test/support/upstream-process.ts: a whole server in a process of its
    // own, here on this server's data directory. It knows the admin key
    // only through the shared database, hashed under the shared secret.
    const script = path.join(ROOT_DIR, 'test', 'support', 'upstream-process.ts');
    child = spawn(process.execPath, ['--import', 'tsx', script, ctx.server.dataDir], {
      cwd: ROOT_DIR,
    });
    const port = await new Promise<string>((resolve) =>
      createInterface({ input: child!.stdout }).on('line', (line) => {
        const p = /^port (\d+)$/.exec(line)?.[1];
        if (p !== undefined) resolve(p);
      }),
    );
    const { key, key_id } = (await create('viewer', 'Two nodes')).body.key;
    const here = await stream(key);
    const ws = await bookovia(key);
    expect(await me(key)).toBe(200);

    const res = await fetch(`http://127.0.0.1:${port}/v1/keys/${key_id}`, {
      method: 'DELETE',
      headers: bearer(ctx.keys.admin),
    });

    expect(res.status).toBe(200);
    await until(() => here.reason !== '' && ws.code !== 0, 'this node to close both');
    expect(ws.code).toBe(4401);
    expect(await me(key)).toBe(401);
  });
});

describe('logs', () => {
  it('never carry a secret, whatever happens to the key', async () => {
    const lines: string[] = [];
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'fleetlight-'));
    const config = loadConfig({
      PORT: '0',
      HOST: '127.0.0.1',
      DEMO: 'off',
      DATA_DIR: dataDir,
      ...ENV,
    });
    const app = await createFleetlight(
      config,
      createLogger('debug', (l) => lines.push(l)),
    );
    try {
      await registerFleets(app.db, [{ id: FLEET, name: 'A', timezone: 'UTC' }], []);
      app.state.registerFleet({ id: FLEET, name: 'A', timezone: 'UTC' });
      const admin = generateApiKey();
      await storeApiKey(app.db, admin, { role: 'admin', label: 'a', fleets: [FLEET] });
      const base = await app.listen();
      const made = await postJson(
        `${base}/v1/fleets/${FLEET}/keys`,
        { role: 'viewer', label: 'v' },
        admin,
      );
      const { key, key_id } = ((await made.json()) as { key: Required<FleetKey> }).key;
      const s = io(base, {
        auth: { apiKey: key, fleetId: FLEET },
        transports: ['websocket'],
        reconnection: false,
        forceNew: true,
      });
      sockets.push(s);
      await new Promise<void>((r) => s.once('snapshot', () => r()));
      const r = await fetch(`${base}/v1/keys/${key_id}/rotate`, {
        method: 'POST',
        headers: bearer(admin),
      });
      const next = ((await r.json()) as { key: Required<FleetKey> }).key.key;
      await fetch(`${base}/v1/keys/${key_id}`, {
        method: 'DELETE',
        headers: bearer(admin),
      });
      await fetch(`${base}/v1/me?api_key=${key}`, { headers: bearer(next) });
      await new Promise((r) => setTimeout(r, 1500));

      const all = lines.join('\n');
      expect(lines.length).toBeGreaterThan(0);
      for (const secret of [admin, key, next]) expect(all).not.toContain(secret);
    } finally {
      await app.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
