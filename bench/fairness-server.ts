/**
 * The server of the fairness benchmark, in a process of its own so its
 * CPU and memory are its own: a Fleetlight without the demo, one bench
 * fleet fed by HTTP ingest, and alerts raised on the parent's request.
 * It keeps the warnings of the connections it cuts, so the parent can
 * tell a slow consumer cut from any other ending.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createFleetlight, type Fleetlight } from '../server/app';
import { storeApiKey } from '../server/auth/api-keys';
import { loadConfig } from '../server/config';
import { registerFleets } from '../server/db/fleets';
import { createLogger } from '../server/log';
import { engineAlert } from '../test/support/alerts';
import { cutOf, type Cut } from './fairness-clients';
import { BENCH_KEY, fleetName } from './server/fanout';
import { serve } from './server/rpc';

export const FAIR_FLEET = fleetName(0);

let app: Fleetlight | undefined;
const cuts: Cut[] = [];
let dir: string | undefined;
let raised = 0;

serve({
  async start(env: Record<string, string>) {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fl-fair-'));
    const config = loadConfig({
      PORT: '0',
      HOST: '127.0.0.1',
      DEMO: 'off',
      DATA_DIR: dir,
      LOG_LEVEL: 'warn',
      ...env,
    });
    app = await createFleetlight(
      config,
      createLogger('warn', (line) => {
        const cut = cutOf(line);
        if (cut) cuts.push(cut);
      }),
    );
    const fleet = { id: FAIR_FLEET, name: FAIR_FLEET, timezone: 'UTC' };
    await registerFleets(app.db, [fleet], []);
    app.state.registerFleet(fleet);
    await storeApiKey(app.db, BENCH_KEY, {
      role: 'admin',
      label: 'bench',
      fleets: [FAIR_FLEET],
    });
    return { url: await app.listen() };
  },
  /** Raises a high alert on a vehicle of its own; answers its id. */
  async raise() {
    if (!app) throw new Error('start the server before raising alerts');
    const alert = engineAlert(FAIR_FLEET, `alerting-${++raised}`, { severity: 'high' });
    const stored = await app.alerts.raise(alert);
    if (!stored) throw new Error(`alert ${raised} was not stored`);
    return stored.alert_id;
  },
  /** The cuts since the last call. */
  cuts() {
    return cuts.splice(0);
  },
  rss() {
    // Run with --expose-gc: memory read after a full collection.
    globalThis.gc?.();
    return process.memoryUsage().rss;
  },
  async close() {
    await app?.close();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
    app = dir = undefined;
  },
});
