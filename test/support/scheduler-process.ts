import type { AlertRecord } from '../../lib/protocol';
import { AlertScheduler } from '../../server/alerts/escalation';
import { openDatabase } from '../../server/db/open';
import { testDatabaseOptions } from './database';

/**
 * A second scheduler in a process of its own, on the database of a test
 * server, SQLite or PostgreSQL as that server's data directory says:
 * `node --import tsx scheduler-process.ts <dataDir> <iso time>`.
 * It prints `ready` once the database is open, runs one pass at the
 * given time when a line arrives on stdin, prints the ids it escalated
 * as a JSON array and exits.
 */
const [dataDir, at] = process.argv.slice(2);
if (dataDir === undefined || at === undefined) {
  process.stderr.write('usage: scheduler-process.ts <dataDir> <iso time>\n');
  process.exit(2);
}

const db = await openDatabase(testDatabaseOptions(dataDir));
const failures: unknown[] = [];
const scheduler = new AlertScheduler({
  db,
  // Frozen time, and no timer: this process makes exactly one pass.
  clock: { now: () => Date.parse(at), after: () => () => {} },
  events: { escalated: async () => {}, resolved: async () => {}, replanned: () => {} },
  onError: (error) => failures.push(error),
});

process.stdout.write('ready\n');
process.stdin.once('data', () => {
  void scheduler.runDue().then(async (report) => {
    const ids = report.escalated.map((a: AlertRecord) => a.alert_id);
    process.stdout.write(JSON.stringify({ ids, failures: failures.map(String) }) + '\n');
    await scheduler.close();
    await db.destroy();
    process.exit(0);
  });
});
