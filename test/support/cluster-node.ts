import { storeApiKey } from '../../server/auth/api-keys';
import { registerFleets } from '../../server/db/fleets';
import { QUIET_FLEET, QUIET_KEY, raiseAlert } from './quiet-fleet';
import { startServer } from './server';

/**
 * One node of a scale-out deployment, in a process of its own for a test
 * to kill: `node --import tsx cluster-node.ts <dataDir> [seed]`, with
 * REDIS_URL and REDIS_KEY_PREFIX (and DATABASE_URL, when given) from the
 * environment. `seed` registers the quiet fleet and its admin key; start
 * that node first. It prints `port <n>` once listening, then answers each
 * `raise <n>` line with `raised <alert id>` once the alert is stored and
 * handed to the shared stream.
 */
const [dataDir, seed] = process.argv.slice(2);
if (dataDir === undefined) {
  process.stderr.write('usage: cluster-node.ts <dataDir> [seed]\n');
  process.exit(2);
}

const passed = ['REDIS_URL', 'REDIS_KEY_PREFIX', 'DATABASE_URL', 'LOCATION_INTERVAL_MS'];
const env: Record<string, string> = { DEMO: 'off', DATA_DIR: dataDir };
for (const name of passed) {
  const value = process.env[name];
  if (value !== undefined) env[name] = value;
}
const server = await startServer(env);
if (seed === 'seed') {
  const fleet = { id: QUIET_FLEET, name: 'Quiet fleet', timezone: 'UTC' };
  await registerFleets(server.app.db, [fleet], []);
  server.app.state.registerFleet(fleet);
  await storeApiKey(server.app.db, QUIET_KEY, {
    role: 'admin',
    label: 'quiet',
    fleets: [QUIET_FLEET],
  });
}
process.stdout.write(`port ${new URL(server.base).port}\n`);

let pending = '';
process.stdin.on('data', (chunk) => {
  pending += String(chunk);
  const lines = pending.split('\n');
  pending = lines.pop() ?? '';
  for (const line of lines) command(line.trim());
});
process.stdin.on('end', () => {
  void server.close({ keepData: true }).then(() => process.exit(0));
});

let chain: Promise<void> = Promise.resolve();
function command(line: string): void {
  const n = /^raise (\d+)$/.exec(line)?.[1];
  if (n === undefined) return;
  chain = chain.then(async () => {
    const id = await raiseAlert(server, Number(n));
    process.stdout.write(`raised ${id}\n`);
  });
}
