import { startQuietServer, raiseAlert } from './quiet-fleet';

/**
 * A quiet Fleetlight in a process of its own, for a test to kill:
 * `node --import tsx upstream-process.ts <dataDir>`. It prints
 * `port <n>` once listening, then answers each `raise <n>` line on stdin
 * with `raised <alert id>` once the alert is stored and broadcast.
 * Started again on the same directory, it keeps its alerts. (Not
 * server/main.ts: that one builds and serves the dashboard too.)
 */
const [dataDir] = process.argv.slice(2);
if (dataDir === undefined) {
  process.stderr.write('usage: upstream-process.ts <dataDir>\n');
  process.exit(2);
}

const server = await startQuietServer({ DATA_DIR: dataDir });
process.stdout.write(`port ${new URL(server.base).port}\n`);

let pending = '';
process.stdin.on('data', (chunk) => {
  pending += String(chunk);
  const lines = pending.split('\n');
  pending = lines.pop() ?? '';
  for (const line of lines) void command(line.trim());
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
