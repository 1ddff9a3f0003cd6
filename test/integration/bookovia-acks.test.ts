import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engineAlert } from '../support/alerts';
import {
  QUIET_FLEET,
  QUIET_KEY,
  raiseAlert,
  startQuietServer,
} from '../support/quiet-fleet';
import type { TestServer } from '../support/server';
import { TestSocket, type Received } from '../support/ws-client';

/** Two re-deliveries, far enough apart for an ack to win on a busy machine. */
const DELAYS = '250,250';
/** Well past the whole schedule: anything sent later would be a fault. */
const SETTLE_MS = 800;

let server: TestServer;
const open: TestSocket[] = [];

beforeAll(async () => {
  server = await startQuietServer({ ACK_RETRY_DELAYS_MS: DELAYS });
});

afterAll(async () => {
  for (const s of open) s.close();
  await server.close();
});

async function reader(resume: Record<string, unknown> | undefined): Promise<TestSocket> {
  const url = `${server.wsBase}/v1/streaming/websocket/fleet/${QUIET_FLEET}?api_key=${QUIET_KEY}&subscriptions=alerts`;
  const ws = await TestSocket.open(url);
  open.push(ws);
  await ws.next((m) => m.type === 'auth_success');
  if (resume) {
    ws.send({ type: 'resume', id: 'r', payload: { data: resume } });
    await ws.next((m) => m.type === 'resumed');
  }
  return ws;
}

const copiesOf = (ws: TestSocket, alertId: string) =>
  ws.messages.filter((m: Received) => m.payload['alert_id'] === alertId).length;

const settle = () => new Promise((r) => setTimeout(r, SETTLE_MS));

describe('acknowledged critical events', () => {
  it('sends a high alert again until the schedule ends when no ack comes', async () => {
    const ws = await reader({ ack: true });

    const id = await raiseAlert(server, 1);
    await ws.collect((m) => m.payload['alert_id'] === id, 3);
    await settle();

    expect(copiesOf(ws, id)).toBe(3);
  });

  it('stops once the client confirms', async () => {
    const ws = await reader({ ack: true });

    const id = await raiseAlert(server, 2);
    const first = await ws.next((m) => m.payload['alert_id'] === id);
    ws.send({ type: 'ack', id: 'k', payload: { data: { offset: first.seq } } });
    await settle();

    expect(copiesOf(ws, id)).toBe(1);
  });

  it('sends nothing twice to a client that never asked, nor a medium alert', async () => {
    const spec = await reader(undefined);
    const asked = await reader({ ack: true });

    const high = await raiseAlert(server, 3);
    const medium = await server.app.alerts.raise(engineAlert(QUIET_FLEET, 'veh-m'));
    await settle();

    expect(copiesOf(spec, high)).toBe(1);
    expect(copiesOf(asked, medium?.alert_id ?? '')).toBe(1);
  });

  it('refuses a malformed ack, naming the field', async () => {
    const ws = await reader({ ack: true });

    ws.send({
      type: 'ack',
      id: 'bad',
      payload: { data: { offsets: { [QUIET_FLEET]: 'x' } } },
    });
    const error = await ws.next((m) => m.type === 'error');

    expect(error.payload).toMatchObject({
      code: 'invalid_message',
      message: `Invalid ack: check offsets.${QUIET_FLEET}`,
    });
  });
});
