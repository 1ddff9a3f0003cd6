import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFleetlight, type Fleetlight } from '../../server/app';
import { storeApiKey } from '../../server/auth/api-keys';
import { loadConfig } from '../../server/config';
import { registerFleets } from '../../server/db/fleets';
import { createLogger } from '../../server/log';
import {
  cutOf,
  Flooder,
  goodBookovia,
  goodSocketIo,
  IngestLoad,
  SlowConsumer,
  Tally,
  type Cut,
  type GoodClient,
  type Target,
} from '../../bench/fairness-clients';
import { engineAlert } from '../support/alerts';
import { dropDataDirDatabase, testDatabaseUrl } from '../support/database';

const FLEET = 'fleet-fair';
const KEY = 'flk_fairness-smoke-admin-key-00000000';

// The smallest bounds, so the bad clients are cut in seconds: positions
// held past 64 KiB unsent, cut at 256 KiB; 5 messages a second, cut
// after 30 refusals.
const ENV = {
  STREAM_MAX_BUFFERED_BYTES: '65536',
  RATE_LIMIT_PER_S: '5',
  RATE_LIMIT_BURST: '10',
  RATE_LIMIT_CUT_AFTER: '30',
};
const GOOD_PER_TRANSPORT = 2;
/** An alert this big fills a stalled socket's kernel buffers (a few MiB) in seconds. */
const PADDING = 'x'.repeat(32 * 1024);

let app: Fleetlight;
let dataDir: string;
let target: Target;
/** The server's warnings of the connections it cut. */
const cuts: Cut[] = [];
let ingest: IngestLoad;
const good: GoodClient[] = [];
const published: string[] = [];

beforeAll(async () => {
  app = await startServer();
  target = { url: await app.listen(), apiKey: KEY, fleetId: FLEET };
  const tally = new Tally();
  for (let i = 0; i < GOOD_PER_TRANSPORT; i++) {
    good.push(await goodBookovia(target, () => tally));
    good.push(await goodSocketIo(target, () => tally));
  }
  // Positions keep flowing: a socket's backlog is judged as each is sent.
  ingest = new IngestLoad(target, 100);
});

afterAll(async () => {
  await ingest.stop();
  for (const c of good) c.close();
  await app.close();
  await dropDataDirDatabase(dataDir);
  fs.rmSync(dataDir, { recursive: true, force: true });
});

/**
 * A whole Fleetlight without the demo, one fleet and its admin key,
 * whose log keeps the cuts: the server says which rule ended a
 * connection, while the client sees only the goodbye, if it reads it.
 */
async function startServer(): Promise<Fleetlight> {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'fleetlight-fair-'));
  const databaseUrl = await testDatabaseUrl(dataDir);
  const config = loadConfig({
    PORT: '0',
    HOST: '127.0.0.1',
    DEMO: 'off',
    LOG_LEVEL: 'warn',
    ...ENV,
    DATA_DIR: dataDir,
    ...(databaseUrl !== undefined && { DATABASE_URL: databaseUrl }),
  });
  const log = createLogger('warn', (line) => {
    const cut = cutOf(line);
    if (cut) cuts.push(cut);
  });
  const started = await createFleetlight(config, log);
  await registerFleets(started.db, [{ id: FLEET, name: FLEET, timezone: 'UTC' }], []);
  await storeApiKey(started.db, KEY, { role: 'admin', label: 'fair', fleets: [FLEET] });
  return started;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Publishes one large alert to the fleet, as the engine would, and keeps its id. */
function publishAlert(): void {
  const alert = engineAlert(FLEET, 'veh-alerting', { severity: 'high' });
  alert.payload.alert_id = `alert_fair-${published.length}`;
  alert.payload.event_data = { padding: PADDING };
  app.hub.publish(FLEET, alert);
  published.push(alert.payload.alert_id);
}

async function until(what: string, done: () => boolean, timeoutMs: number) {
  const end = Date.now() + timeoutMs;
  while (!done()) {
    if (Date.now() > end) throw new Error(`${what} within ${timeoutMs} ms`);
    await sleep(50);
  }
}

describe('fairness smoke: bad clients are cut, good ones get every alert', () => {
  it('cuts a flooder on each transport with the documented goodbye', async () => {
    cuts.length = 0;
    const flooders = (['bookovia', 'sio'] as const).map(
      (t) => new Flooder(t, target, 10 * Number(ENV.RATE_LIMIT_PER_S)),
    );
    const timer = setInterval(publishAlert, 100);
    await until(
      'no flooder was cut',
      () => flooders.every((f) => f.cuts.length > 0),
      15_000,
    );
    clearInterval(timer);
    for (const f of flooders) f.stop();

    const [bookovia, sio] = flooders.map((f) => f.cuts[0]);
    const warned = new Set(cuts.splice(0).map((c) => `${c.transport}: ${c.msg}`));
    expect([...warned].sort()).toEqual([
      'bookovia: flooding client cut',
      'sio: flooding client cut',
    ]);
    expect(bookovia).toBe('close 1008 rate limit');
    expect(sio).toBe('error rate_limited, io server disconnect');
  });

  it('cuts a socket that stops reading on each transport as a slow consumer', async () => {
    const slow = [
      await SlowConsumer.open('bookovia', target),
      await SlowConsumer.open('sio', target),
    ];
    // The server drops a cut socket a second after its goodbye: read it
    // again as soon as the server warns of the cut, to see why.
    const end = Date.now() + 20_000;
    while (slow.some((s) => !s.reading) && Date.now() < end) {
      publishAlert();
      for (const c of cuts.splice(0)) {
        if (c.msg === 'slow consumer cut')
          slow.find((s) => s.transport === c.transport)?.resume();
      }
      await sleep(20);
    }
    const [bookovia, sio] = await Promise.all(slow.map((s) => s.ending(5000)));
    for (const s of slow) s.close();

    expect(bookovia).toBe('close 1008 slow_consumer');
    expect(sio).toMatch(/^error slow_consumer, disconnect, /);
  });

  // A dashboard that takes `positions: 'json'` gets each fix as its own
  // event; those go through the same backlog judge as batches.
  it('cuts a JSON-positions dashboard that stops reading as a slow consumer', async () => {
    const slow = await SlowConsumer.open('sio', target, 'json');
    cuts.length = 0;
    // Four times what cut the binary dashboard above.
    const end = Date.now() + 8000;
    while (!cuts.some((c) => c.msg === 'slow consumer cut') && Date.now() < end) {
      publishAlert();
      await sleep(20);
    }
    const ending = await slow.ending(5000);
    slow.close();

    expect(ending).toMatch(/^error slow_consumer, disconnect, /);
  });

  it('gave every good client every alert, and dropped none', async () => {
    const complete = () => good.every((c) => published.every((id) => c.alerts.has(id)));
    await until('the good clients missed alerts', complete, 10_000).catch(() => {});

    const missed = good.map((c) => published.filter((id) => !c.alerts.has(id)).length);
    expect(published.length).toBeGreaterThan(0);
    expect(missed).toEqual(good.map(() => 0));
    expect(good.filter((c) => c.dropped)).toEqual([]);
  });
});
