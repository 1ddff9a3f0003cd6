import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Role } from '../../lib/protocol';
import { createFleetlight, type AppHooks, type Fleetlight } from '../../server/app';
import { loadConfig } from '../../server/config';
import { startDemo, type Demo } from '../../server/demo/start';
import { createLogger } from '../../server/log';
import { dropDataDirDatabase, testDatabaseUrl } from './database';

export interface TestServer {
  app: Fleetlight;
  demo: Demo | undefined;
  base: string;
  wsBase: string;
  dataDir: string;
  close(opts?: { keepData?: boolean }): Promise<void>;
}

export const SHARED_KEY = 'test-shared-key-0123456789';

/**
 * A whole Fleetlight (without the Next.js app) on 127.0.0.1, port 0, with a
 * fresh data directory (and, with TEST_DATABASE=postgres, a fresh
 * PostgreSQL database: support/database.ts) and the demo fleets replaying
 * fast. `hooks` replace
 * its clock or notifier.
 */
export async function startServer(
  env: Record<string, string> = {},
  hooks: AppHooks = {},
): Promise<TestServer> {
  const dataDir =
    env['DATA_DIR'] ?? fs.mkdtempSync(path.join(os.tmpdir(), 'fleetlight-'));
  // A database the test made itself is its to drop.
  const databaseUrl = env['DATABASE_URL'] ?? (await testDatabaseUrl(dataDir));
  const config = loadConfig({
    PORT: '0',
    HOST: '127.0.0.1',
    LOG_LEVEL: 'silent',
    REPLAY_SPEED: '60',
    DEMO_API_KEY: SHARED_KEY,
    ...env,
    DATA_DIR: dataDir,
    ...(databaseUrl !== undefined && { DATABASE_URL: databaseUrl }),
  });
  const log = createLogger('silent');
  const app = await createFleetlight(config, log, undefined, hooks);
  const demo = config.demo ? await startDemo(app, log) : undefined;
  const base = await app.listen();
  return {
    app,
    demo,
    base,
    wsBase: base.replace(/^http/, 'ws'),
    dataDir,
    async close(opts = {}) {
      await app.close();
      if (opts.keepData) return;
      await dropDataDirDatabase(dataDir);
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** The demo key of one fleet, the admin's unless another role is named. */
export function keyOf(server: TestServer, fleetId: string, role: Role = 'admin'): string {
  const key = server.demo?.keys[fleetId]?.[role];
  if (!key) throw new Error(`no demo key for ${fleetId}`);
  return key;
}
