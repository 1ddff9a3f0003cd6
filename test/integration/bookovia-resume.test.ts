import { afterEach, describe, expect, it } from 'vitest';
import { registerFleets } from '../../server/db/fleets';
import { engineAlert } from '../support/alerts';
import {
  QUIET_FLEET,
  QUIET_KEY,
  raiseAlert,
  startQuietServer,
} from '../support/quiet-fleet';
import type { TestServer } from '../support/server';
import { TestSocket, type Received } from '../support/ws-client';

let server: TestServer | undefined;
const open: TestSocket[] = [];

afterEach(async () => {
  for (const s of open.splice(0)) s.close();
  await server?.close();
  server = undefined;
});

async function subscribed(s: TestServer): Promise<TestSocket> {
  const url = `${s.wsBase}/v1/streaming/websocket/fleet/${QUIET_FLEET}?api_key=${QUIET_KEY}`;
  const ws = await TestSocket.open(url);
  open.push(ws);
  await ws.next((m) => m.type === 'auth_success');
  ws.send({ type: 'subscribe', id: 's1', payload: { channel: 'alerts' } });
  await ws.next((m) => m.type === 'subscribed');
  return ws;
}

async function resume(ws: TestSocket, data: unknown, id = 'r1'): Promise<Received> {
  ws.send({ type: 'resume', id, payload: { data } });
  return ws.next((m) => m.type === 'resumed' && m.id === id);
}

const isAlert = (m: Received) => m.type === 'safety_alert';
const alertIdOf = (m: Received) => m.payload['alert_id'];

describe('resume over a Bookovia socket', () => {
  it('answers a first resume with a reset naming the epoch, offsets and open alerts', async () => {
    server = await startQuietServer();
    const raised = [await raiseAlert(server, 1), await raiseAlert(server, 2)];
    const ws = await subscribed(server);

    const answer = await resume(ws, {});

    expect(answer.payload).toMatchObject({
      status: 'reset',
      reason: 'fresh',
      epoch: server.app.hub.epoch,
      offsets: { [QUIET_FLEET]: 2 },
      vehicles: [],
      correlation_id: 'r1',
    });
    const alerts = answer.payload['alerts'] as Received[];
    expect(alerts.map(alertIdOf)).toEqual(raised);
  });

  it('replays exactly the alerts missed while away, in order, then goes live', async () => {
    server = await startQuietServer();
    const first = await subscribed(server);
    const { epoch, offsets } = (await resume(first, {})).payload as {
      epoch: string;
      offsets: Record<string, number>;
    };
    await raiseAlert(server, 1);
    const seen = await first.next(isAlert);
    first.close();
    await first.closed;

    const missed = [];
    for (let n = 2; n <= 4; n++) missed.push(await raiseAlert(server, n));
    const second = await subscribed(server);
    const answer = await resume(second, { epoch, offset: seen.seq });
    const live = await raiseAlert(server, 5);
    await second.next((m) => isAlert(m) && alertIdOf(m) === live);

    expect(offsets[QUIET_FLEET]).toBe(0);
    expect(answer.payload).toMatchObject({ status: 'replayed', replayed: 3 });
    const types = second.messages.map((m) => (isAlert(m) ? alertIdOf(m) : m.type));
    expect(types).toEqual(['auth_success', 'subscribed', ...missed, 'resumed', live]);
  });

  it('does not send again the events this socket already sent live', async () => {
    server = await startQuietServer();
    const ws = await subscribed(server);
    const { epoch } = (await resume(ws, {})).payload as { epoch: string };
    const a = await raiseAlert(server, 1);
    await ws.next(isAlert);

    const answer = await resume(ws, { epoch, offset: 0 }, 'r2');

    expect(answer.payload).toMatchObject({ status: 'replayed', replayed: 0 });
    expect(ws.messages.filter(isAlert).map(alertIdOf)).toEqual([a]);
  });

  it('resets with the open alerts when the epoch is another run’s', async () => {
    server = await startQuietServer();
    const open1 = await raiseAlert(server, 1);
    const ws = await subscribed(server);

    const answer = await resume(ws, { epoch: 'an-earlier-run', offset: 7 });

    expect(answer.payload).toMatchObject({ status: 'reset', reason: 'epoch_changed' });
    expect((answer.payload['alerts'] as Received[]).map(alertIdOf)).toEqual([open1]);
    expect(ws.messages.filter(isAlert)).toEqual([]);
  });

  it('resets when the missed events have left the replay buffer', async () => {
    server = await startQuietServer({ REPLAY_MAX_EVENTS: '2' });
    const ws = await subscribed(server);
    const { epoch } = (await resume(ws, {})).payload as { epoch: string };
    ws.close();
    for (let n = 1; n <= 3; n++) await raiseAlert(server, n);

    const again = await subscribed(server);
    const answer = await resume(again, { epoch, offset: 0 });

    expect(answer.payload).toMatchObject({
      status: 'reset',
      reason: 'gap',
      offsets: { [QUIET_FLEET]: 3 },
    });
    expect((answer.payload['alerts'] as Received[]).length).toBe(3);
    expect(again.messages.filter(isAlert)).toEqual([]);
  });

  it('resets an offset this run never reached', async () => {
    server = await startQuietServer();
    const ws = await subscribed(server);
    const { epoch } = (await resume(ws, {})).payload as { epoch: string };

    const answer = await resume(ws, { epoch, offset: 99 }, 'r2');

    expect(answer.payload).toMatchObject({ status: 'reset', reason: 'ahead' });
  });

  it('replays nothing of a fleet the key may not read, even when asked by name', async () => {
    server = await startQuietServer();
    const other = { id: 'fleet-other', name: 'Other', timezone: 'UTC' };
    await registerFleets(server.app.db, [other], []);
    const ws = await subscribed(server);
    const { epoch } = (await resume(ws, {})).payload as { epoch: string };
    await server.app.alerts.raise(engineAlert(other.id, 'veh-x', { severity: 'high' }));
    const ours = await raiseAlert(server, 1);
    await ws.next((m) => isAlert(m) && alertIdOf(m) === ours);

    const answer = await resume(ws, { epoch, offsets: { [other.id]: 0 } }, 'r2');

    expect(answer.payload['offsets']).toEqual({ [QUIET_FLEET]: 1 });
    expect(ws.messages.filter(isAlert).map(alertIdOf)).toEqual([ours]);
  });

  it('refuses a malformed resume, naming the field, and stays open', async () => {
    server = await startQuietServer();
    const ws = await subscribed(server);

    ws.send({ type: 'resume', id: 'bad', payload: { data: { offset: -1 } } });
    const error = await ws.next((m) => m.type === 'error');
    const answer = await resume(ws, {}, 'good');

    expect(error.payload).toMatchObject({
      code: 'invalid_message',
      message: 'Invalid resume: check offset',
      correlation_id: 'bad',
    });
    expect(answer.payload['status']).toBe('reset');
  });
});
