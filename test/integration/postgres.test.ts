import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AlertRecord, FleetMetricsPayload } from '../../lib/protocol';
import { storeApiKey } from '../../server/auth/api-keys';
import { patchRule, ruleOf } from '../../server/db/alert-rules';
import { listFleets, registerFleets } from '../../server/db/fleets';
import { recentMetrics, saveMetrics } from '../../server/db/metrics';
import { createTarget, listTargets } from '../../server/db/notify-targets';
import { openDatabase, type Db } from '../../server/db/open';
import { vehicleTrack } from '../../server/db/tracks';
import { engineAlert } from '../support/alerts';
import {
  TEST_POSTGRES_URL,
  createTestDatabase,
  dropTestDatabase,
  postgresReachable,
} from '../support/database';
import { startServer, type TestServer } from '../support/server';
import { TcpProxy } from '../support/tcp-proxy';

const ROUNDS = 50;
const FLEET = 'fleet-pg';
const KEYS = {
  admin1: 'flk_postgres-test-admin-one-00000000',
  admin2: 'flk_postgres-test-admin-two-00000000',
};

// Outside CI, a machine without PostgreSQL skips this file; in CI it fails.
const skip = process.env['CI'] !== 'true' && !(await postgresReachable());
const where = new URL(TEST_POSTGRES_URL).host;
const title = skip
  ? `PostgreSQL (skipped: nothing answers at ${where}, and CI is not set)`
  : 'PostgreSQL';

describe.skipIf(skip)(title, () => {
  describe('migrations', () => {
    let url: string;

    beforeAll(async () => {
      url = await createTestDatabase();
    });
    afterAll(async () => {
      await dropTestDatabase(url);
    });

    it('bring an empty database up to date, and a second run changes nothing', async () => {
      const first = await openDatabase({ dataDir: '', databaseUrl: url });
      const applied = await migrationNames(first);
      await first.destroy();

      const second = await openDatabase({ dataDir: '', databaseUrl: url });
      expect(await migrationNames(second)).toEqual(applied);
      await second.destroy();

      expect(applied.length).toBeGreaterThanOrEqual(9);
      expect(applied[0]).toBe('0001_core');
    });

    it('compares text by code point and numbers audit rows itself', async () => {
      const db = await openDatabase({ dataDir: '', databaseUrl: url });
      const { rows } = await sql<{ column_name: string; collation_name: string | null }>`
        select column_name, collation_name from information_schema.columns
        where table_name = 'alerts' and column_name in ('id', 'raised_at')
        order by column_name`.execute(db);
      const identity = await sql<{ is_identity: string }>`
        select is_identity from information_schema.columns
        where table_name = 'alert_audit' and column_name = 'id'`.execute(db);
      await db.destroy();

      expect(rows).toEqual([
        { column_name: 'id', collation_name: 'C' },
        { column_name: 'raised_at', collation_name: 'C' },
      ]);
      expect(identity.rows).toEqual([{ is_identity: 'YES' }]);
    });
  });

  describe('column types', () => {
    let url: string;
    let db: Db;

    beforeAll(async () => {
      url = await createTestDatabase();
      db = await openDatabase({ dataDir: '', databaseUrl: url });
      const fleet = { id: FLEET, name: 'PG', timezone: 'UTC' };
      const vehicle = { id: 'veh-1', fleetId: FLEET, label: 'One', timeScale: 1 };
      await registerFleets(db, [fleet], [vehicle]);
    });
    afterAll(async () => {
      await db.destroy();
      await dropTestDatabase(url);
    });

    it('reads bigint device times back as the same numbers', async () => {
      const late = 4_102_444_800_123; // 2100-01-01, far past 2^32.
      await db
        .insertInto('positions')
        .values({
          vehicle_id: 'veh-1',
          device_time: late,
          received_at: late,
          lat: 1,
          lon: 2,
        })
        .execute();

      const track = await vehicleTrack(db, 'veh-1', { from: late, to: late }, 10);

      expect(track).toEqual([
        { vehicle_id: 'veh-1', t: late, lat: 1, lon: 2, speed_kmh: null, heading: null },
      ]);
    });

    it('reads counts as numbers', async () => {
      const [fleet] = await listFleets(db, new Set([FLEET]));
      const { rows } = await sql<{
        n: unknown;
      }>`select count(*) as n from fleets`.execute(db);

      expect(fleet?.vehicle_count).toBe(1);
      expect(rows).toEqual([{ n: 1 }]);
    });

    it('fails a query whose bigint a number cannot hold, rather than round it', async () => {
      const query = sql`select 9007199254740993::int8 as n`.execute(db);

      await expect(query).rejects.toThrow(
        'The bigint 9007199254740993 does not fit a JavaScript number',
      );
    });

    it('keeps one fleet_metrics period once, the newest last', async () => {
      const period = (end: string) =>
        ({
          fleet_id: FLEET,
          period: { start: '2026-12-04T23:00:00.000Z', end },
          metrics: { active_vehicles: 1, total_trips: 0, completed_deliveries: 0 },
        }) as unknown as FleetMetricsPayload;
      const later = period('2026-12-05T00:01:00.000Z');
      const earlier = period('2026-12-05T00:00:00.000Z');

      await saveMetrics(db, later);
      await saveMetrics(db, earlier);
      await saveMetrics(db, { ...later, metrics: { ...later.metrics, total_trips: 9 } });

      expect(await recentMetrics(db, FLEET, 10)).toEqual([earlier, later]);
    });

    it('keeps flags stored as integers as booleans', async () => {
      const now = new Date();
      const created = await createTarget(
        db,
        FLEET,
        { kind: 'email', address: 'ops@example.com', enabled: false },
        'admin',
        now,
      );
      const change = { fleetId: FLEET, category: 'idling', actor: 'admin', now };
      await patchRule(db, change, { auto_resolve: false });

      expect(created.ok).toBe(true);
      expect((await listTargets(db, FLEET)).map((t) => t.enabled)).toEqual([false]);
      expect((await ruleOf(db, FLEET, 'idling')).auto_resolve).toBe(false);
    });
  });

  describe('two servers on one database', () => {
    let url: string;
    let one: TestServer;
    let two: TestServer;
    const ids: Record<string, string> = {};

    beforeAll(async () => {
      url = await createTestDatabase();
      one = await startServer({ DEMO: 'off', DATABASE_URL: url });
      two = await startServer({ DEMO: 'off', DATABASE_URL: url });
      await registerFleets(one.app.db, [{ id: FLEET, name: 'PG', timezone: 'UTC' }], []);
      for (const [name, key] of Object.entries(KEYS)) {
        const spec = { role: 'admin' as const, label: name, fleets: [FLEET] };
        ids[name] = await storeApiKey(one.app.db, key, spec);
      }
    });
    afterAll(async () => {
      await one?.close();
      await two?.close();
      await dropTestDatabase(url);
    });

    it('let exactly one of two admins acknowledge an alert, each time (C24)', async () => {
      const raised: AlertRecord[] = [];
      for (let i = 0; i < ROUNDS; i++) {
        const alert = await one.app.alerts.raise(engineAlert(FLEET, `c24-${i}`));
        if (!alert) throw new Error(`alert ${i} was not stored`);
        raised.push(alert);
        const path = `/v1/alerts/${alert.alert_id}/acknowledge`;

        const [a, b] = await Promise.all([
          post(one.base + path, KEYS.admin1),
          post(two.base + path, KEYS.admin2),
        ]);

        expect([a.status, b.status].sort()).toEqual([200, 409]);
        const lost = a.status === 409 ? a : b;
        expect(await lost.json()).toEqual({
          error: {
            code: 'alert_conflict',
            message: `Alert ${alert.alert_id} is already acknowledged`,
          },
        });
      }

      const audit = await one.app.db
        .selectFrom('alert_audit')
        .select(['alert_id'])
        .where('action', '=', 'acknowledge')
        .execute();
      const perAlert = raised.map((r) => audit.filter((e) => e.alert_id === r.alert_id));
      expect(perAlert.map((entries) => entries.length)).toEqual(raised.map(() => 1));
    });

    it('fold episodes raised by both servers at once into one alert, counting each', async () => {
      for (let i = 0; i < 20; i++) {
        const episode = engineAlert(FLEET, `fold-${i}`);
        const [a, b] = await Promise.all([
          one.app.alerts.raise(episode),
          two.app.alerts.raise(episode),
        ]);

        // Both find the alert open now: neither count may be lost.
        await Promise.all([one.app.alerts.raise(episode), two.app.alerts.raise(episode)]);

        expect(a?.alert_id).toBeDefined();
        expect(b?.alert_id).toBe(a?.alert_id);
        const stored = await one.app.db
          .selectFrom('alerts')
          .select(['occurrences'])
          .where('vehicle_id', '=', `fold-${i}`)
          .execute();
        expect(stored).toEqual([{ occurrences: 4 }]);
      }
    });
  });

  describe('readiness', () => {
    let url: string;
    let proxy: TcpProxy;
    let server: TestServer;

    beforeAll(async () => {
      url = await createTestDatabase();
      const direct = new URL(url);
      proxy = await TcpProxy.start(Number(direct.port || 5432));
      const viaProxy = new URL(url);
      viaProxy.port = String(proxy.port);
      server = await startServer({ DEMO: 'off', DATABASE_URL: viaProxy.toString() });
    });
    afterAll(async () => {
      await server?.close();
      await proxy?.close();
      await dropTestDatabase(url);
    });

    it('answers 503 while the database does not answer, and 200 once it does', async () => {
      const before = await fetch(`${server.base}/readyz`);
      proxy.stall();
      const stalled = await fetch(`${server.base}/readyz`);
      proxy.cut();

      expect(before.status).toBe(200);
      expect(stalled.status).toBe(503);
      expect(await stalled.json()).toMatchObject({
        status: 'not_ready',
        checks: { database: false },
      });
      // The pool notices the cut connections as it next uses them.
      expect(await readyWithin(server, 20)).toBe(true);
    });
  });
});

async function migrationNames(db: Db): Promise<string[]> {
  const { rows } = await sql<{ name: string }>`
    select name from kysely_migration order by name`.execute(db);
  return rows.map((r) => r.name);
}

/** True once /readyz answers 200, asking at most `attempts` times. */
async function readyWithin(server: TestServer, attempts: number): Promise<boolean> {
  for (let i = 0; i < attempts; i++) {
    if ((await fetch(`${server.base}/readyz`)).status === 200) return true;
    await new Promise((r) => setTimeout(r, 100));
  }
  return false;
}

function post(url: string, key: string) {
  return fetch(url, { method: 'POST', headers: { Authorization: `Bearer ${key}` } });
}
