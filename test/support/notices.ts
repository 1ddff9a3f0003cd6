import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { defaultRule, type AlertRecord } from '../../lib/protocol';
import type { AlertNotice, NoticeKind } from '../../server/alerts/notify';
import { registerFleets } from '../../server/db/fleets';
import { openDatabase, type Db } from '../../server/db/open';
import { createLogger, type Logger } from '../../server/log';
import { dropDataDirDatabase, testDatabaseUrl } from './database';

export const BERLIN = 'berlin-buses';

/** A stored harsh-braking alert of bus 2043 in Berlin. */
export function alertRecord(over: Partial<AlertRecord> = {}): AlertRecord {
  return {
    alert_id: 'alert_c27',
    fleet_id: BERLIN,
    vehicle_id: 'bus-2043',
    channel: 'alerts',
    category: 'harsh_braking',
    severity: 'high',
    location: { latitude: 52.52, longitude: 13.405, address: 'Alexanderplatz' },
    event_data: { peak_g: 0.52, speed_before_kmh: 48 },
    recommended_actions: ['Call the driver'],
    status: 'active',
    occurrences: 1,
    raised_at: '2024-10-27T00:30:00.000Z',
    last_seen_at: '2024-10-27T00:30:00.000Z',
    auto_resolved: false,
    escalation_level: 0,
    ...over,
  };
}

/** What the desk hands the notifier, for `alert` under the default rule. */
export function noticeOf(
  kind: NoticeKind,
  alert: AlertRecord = alertRecord(),
  tier = 0,
): AlertNotice {
  return {
    kind,
    alert,
    rule: defaultRule(alert.fleet_id, alert.category),
    tier,
    timeZone: 'Europe/Berlin',
  };
}

export interface TestDb {
  db: Db;
  dir: string;
  reopen(): Promise<Db>;
  close(): Promise<void>;
}

/**
 * A fresh database in a temporary folder (PostgreSQL with
 * TEST_DATABASE=postgres: support/database.ts), with the Berlin fleet in it.
 */
export async function openTestDb(): Promise<TestDb> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fleetlight-notify-'));
  const options = { dataDir: dir, databaseUrl: await testDatabaseUrl(dir) };
  const handle: TestDb = {
    db: await openDatabase(options),
    dir,
    async reopen() {
      await handle.db.destroy();
      handle.db = await openDatabase(options);
      return handle.db;
    },
    async close() {
      await handle.db.destroy();
      await dropDataDirDatabase(dir);
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
  await registerFleets(
    handle.db,
    [{ id: BERLIN, name: 'Berlin buses', timezone: 'Europe/Berlin' }],
    [],
  );
  return handle;
}

/** A debug logger whose lines a test can read. */
export function capturingLogger(): {
  log: Logger;
  lines: Array<Record<string, unknown>>;
} {
  const lines: Array<Record<string, unknown>> = [];
  const log = createLogger('debug', (line) => {
    lines.push(JSON.parse(line) as Record<string, unknown>);
  });
  return { log, lines };
}
