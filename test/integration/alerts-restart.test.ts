import { afterAll, describe, expect, it } from 'vitest';
import type { AlertRecord } from '../../lib/protocol';
import { engineAlert } from '../support/alerts';
import { keyOf, startServer, type TestServer } from '../support/server';
import { TestSocket } from '../support/ws-client';

const FLEET = 'ann-arbor';
let server: TestServer | undefined;

afterAll(async () => {
  await server?.close();
});

function call(base: string, key: string, path: string, method = 'GET') {
  return fetch(base + path, { method, headers: { Authorization: `Bearer ${key}` } });
}

describe('alerts across a restart', () => {
  it('keeps every alert with its state, and it can still be resolved', async () => {
    const first = await startServer();
    const key = keyOf(first, FLEET);
    const open = await first.app.alerts.raise(engineAlert(FLEET, 'restart-car-1'));
    const acked = await first.app.alerts.raise(engineAlert(FLEET, 'restart-car-2'));
    if (!open || !acked) throw new Error('the alerts were not stored');
    await call(first.base, key, `/v1/alerts/${acked.alert_id}/acknowledge`, 'POST');
    await first.close({ keepData: true });

    server = await startServer({ DEMO: 'off', DATA_DIR: first.dataDir });
    const res = await call(server.base, key, `/v1/fleets/${FLEET}/alerts?status=open`);
    const { alerts } = (await res.json()) as { alerts: AlertRecord[] };
    const byId = new Map(alerts.map((a) => [a.alert_id, a]));

    expect(byId.get(open.alert_id)?.status).toBe('active');
    expect(byId.get(acked.alert_id)?.status).toBe('acknowledged');
    const resolved = await call(
      server.base,
      key,
      `/v1/alerts/${open.alert_id}/resolve`,
      'POST',
    );
    expect(resolved.status).toBe(200);
    const stillOpen = await openOverBookovia(server, key);
    expect(stillOpen).toContain(acked.alert_id);
    expect(stillOpen).not.toContain(open.alert_id);
  });
});

/** The alert ids a Bookovia `request` for alerts answers. */
async function openOverBookovia(s: TestServer, key: string): Promise<unknown[]> {
  const url = `${s.wsBase}/v1/streaming/websocket?api_key=${key}&fleet_id=${FLEET}`;
  const ws = await TestSocket.open(url);
  await ws.next((m) => m.type === 'auth_success');

  ws.send({ type: 'request', id: 'r-al', payload: { data: { resource: 'alerts' } } });
  const res = await ws.next((m) => m.id === 'r-al');
  ws.ws.close();

  const data = res.payload['data'] as Array<{ payload: { alert_id: string } }>;
  return data.map((m) => m.payload.alert_id);
}
