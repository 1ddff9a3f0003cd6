import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createFleetlight, type Fleetlight } from '../../server/app';
import { storeApiKey } from '../../server/auth/api-keys';
import { loadConfig } from '../../server/config';
import { registerFleets } from '../../server/db/fleets';
import { createLogger } from '../../server/log';
import { BENCH_KEY, fleetName } from './fanout';

export interface BenchApp {
  app: Fleetlight;
  url: string;
  close(): Promise<void>;
}

export interface AppOptions {
  fleets: number;
  /** 0 for any free port; a fixed one to restart in place. */
  port: number;
  /** Reused across restarts; made (and removed on close) when absent. */
  dataDir?: string | undefined;
  env?: Record<string, string>;
}

/**
 * A whole Fleetlight without the demo on 127.0.0.1: `fleets` bench fleets
 * and one admin key that reads and feeds them all. With an existing data
 * directory it starts from what is stored, as a restarted server does.
 */
export async function startBenchApp(opts: AppOptions): Promise<BenchApp> {
  const owned = opts.dataDir === undefined;
  const dir = opts.dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'fl-bench-'));
  const config = loadConfig({
    PORT: String(opts.port),
    HOST: '127.0.0.1',
    DEMO: 'off',
    DATA_DIR: dir,
    LOG_LEVEL: 'silent',
    // Every bench client shares one key; the per-key cap would turn most away.
    MAX_CONNECTIONS_PER_KEY: '100000',
    ...opts.env,
  });
  const app = await createFleetlight(config, createLogger('silent'));
  const ids = Array.from({ length: opts.fleets }, (_, i) => fleetName(i));
  const fleets = ids.filter((id) => !app.state.fleet(id));
  if (fleets.length > 0) {
    const specs = fleets.map((id) => ({ id, name: id, timezone: 'UTC' }));
    await registerFleets(app.db, specs, []);
    for (const spec of specs) app.state.registerFleet(spec);
  }
  await storeApiKey(app.db, BENCH_KEY, { role: 'admin', label: 'bench', fleets: ids });
  const url = await app.listen();
  return {
    app,
    url,
    async close() {
      await app.close();
      if (owned) fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
