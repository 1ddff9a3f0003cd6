import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PollAnswer } from '../../server/transports/long-poll';
import {
  QUIET_FLEET,
  QUIET_KEY,
  raiseAlert,
  startQuietServer,
} from '../support/quiet-fleet';
import type { TestServer } from '../support/server';

let server: TestServer;

beforeAll(async () => {
  server = await startQuietServer();
});

afterAll(async () => {
  await server.close();
});

async function poll(query: Record<string, string | number>, key = QUIET_KEY) {
  const q = new URLSearchParams({ fleet_id: QUIET_FLEET, channels: 'alerts' });
  for (const [k, v] of Object.entries(query)) q.set(k, String(v));
  return fetch(`${server.base}/v1/streaming/poll?${q}`, {
    headers: { Authorization: `Bearer ${key}` },
  });
}

async function answer(query: Record<string, string | number>): Promise<PollAnswer> {
  const res = await poll(query);
  expect(res.status).toBe(200);
  return (await res.json()) as PollAnswer;
}

const idsOf = (a: PollAnswer) =>
  a.events.map((e) => (e.channel === 'alerts' ? e.payload.alert_id : e.id));

describe('HTTP long polling', () => {
  it('answers a first poll with a reset, the epoch and the open alerts', async () => {
    const open = await raiseAlert(server, 1);

    const first = await answer({});

    expect(first).toMatchObject({
      status: 'reset',
      reason: 'fresh',
      epoch: server.app.hub.epoch,
      events: [],
    });
    expect(first.alerts?.map((a) => a.payload.alert_id)).toContain(open);
  });

  it('hands over every alert once and in order to a client that polls in a loop', async () => {
    const start = await answer({});
    const raised: string[] = [];
    const raising = (async () => {
      for (let n = 10; n < 25; n++) raised.push(await raiseAlert(server, n));
    })();

    const got: string[] = [];
    let offset = start.offsets[QUIET_FLEET] ?? 0;
    while (got.length < 15) {
      const next = await answer({ epoch: start.epoch, offset, wait_ms: 5000 });
      expect(next.status).toBe('replayed');
      got.push(...idsOf(next));
      offset = next.offsets[QUIET_FLEET] ?? offset;
    }
    await raising;

    expect(got).toEqual(raised);
  });

  it('waits for the next alert when there is none yet', async () => {
    const { epoch, offsets } = await answer({});
    const waiting = answer({ epoch, offset: offsets[QUIET_FLEET] ?? 0, wait_ms: 10_000 });

    const id = await raiseAlert(server, 30);

    expect(idsOf(await waiting)).toEqual([id]);
  });

  it('answers no events when nothing comes within wait_ms', async () => {
    const { epoch, offsets } = await answer({});

    const empty = await answer({ epoch, offset: offsets[QUIET_FLEET] ?? 0, wait_ms: 0 });

    expect(empty).toMatchObject({ status: 'replayed', events: [], offsets });
  });

  it('resets a poll from another run of the server', async () => {
    const other = await answer({ epoch: 'an-earlier-run', offset: 3 });

    expect(other).toMatchObject({ status: 'reset', reason: 'epoch_changed' });
  });

  it.each([
    [401, 'invalid_api_key', {}, 'flk_not-a-key-at-all-000000000000'],
    [404, 'not_found', { fleet_id: 'fleet-elsewhere' }, QUIET_KEY],
    [400, 'unknown_channel', { channels: 'alerts,gossip' }, QUIET_KEY],
    [400, 'invalid_message', { wait_ms: 90_000 }, QUIET_KEY],
  ])('refuses with %i %s', async (status, code, query, key) => {
    const res = await poll(query, key);

    expect(res.status).toBe(status);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe(code);
  });
});
