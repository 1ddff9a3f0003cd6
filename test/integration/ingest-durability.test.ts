import { afterEach, describe, expect, it } from 'vitest';
import { QUIET_FLEET, QUIET_KEY, startQuietServer } from '../support/quiet-fleet';
import type { TestServer } from '../support/server';
import { postJson } from '../support/sources';

let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

/**
 * A 2xx from HTTP ingest is a promise that what the batch caused is on
 * disk: the positions and the alerts the engine raised from them. The
 * desk is slowed here so that an answer sent before the alert is stored
 * would be seen, rather than won by a race.
 */
describe('HTTP ingest answers once its alerts are stored', () => {
  it('has the speeding alert of an answered batch in the database', async () => {
    server = await startQuietServer();
    const app = server.app;
    const raise = app.alerts.raise.bind(app.alerts);
    app.alerts.raise = async (...args) => {
      await new Promise((r) => setTimeout(r, 400));
      return raise(...args);
    };
    const created = await postJson(
      `${server.base}/v1/fleets/${QUIET_FLEET}/ingest-keys`,
      { label: 'gateway' },
      QUIET_KEY,
    );
    const { ingest_key } = (await created.json()) as { ingest_key: { key: string } };
    // 45 s at 170 km/h (about 47 m/s northwards), well past the limit.
    const t0 = Math.floor(Date.now() / 1000) * 1000 - 60_000;
    const fixes = Array.from({ length: 45 }, (_, i) => ({
      vehicle_id: 'fast-1',
      timestamp: new Date(t0 + i * 1000).toISOString(),
      lat: 30.2 + (i * 47) / 111_195,
      lon: -97.74,
      speed_kmh: 170,
      heading: 0,
    }));

    const res = await postJson(
      `${server.base}/v1/ingest/positions`,
      { fixes },
      ingest_key.key,
    );

    expect(res.status).toBe(200);
    const rows = await app.db
      .selectFrom('alerts')
      .select(['category', 'vehicle_id'])
      .where('vehicle_id', '=', 'fast-1')
      .execute();
    expect(rows.map((r) => r.category)).toContain('speeding');
  });
});
