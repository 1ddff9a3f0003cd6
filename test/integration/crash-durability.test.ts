import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { ROOT_DIR } from '../../server/config';
import { openDatabase } from '../../server/db/open';
import { QUIET_KEY } from '../support/quiet-fleet';

/**
 * SIGKILL in the middle of a burst of alerts and acknowledgements, then a
 * restart on the same data: everything the server confirmed is there. A
 * raise is confirmed when test/support/upstream-process.ts says `raised`
 * (stored and broadcast, as the engine's raise is); an acknowledgement
 * when REST answers it 2xx.
 */
const children: ChildProcessWithoutNullStreams[] = [];
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'fleetlight-crash-'));

afterAll(() => {
  for (const c of children) c.kill('SIGKILL');
  fs.rmSync(dataDir, { recursive: true, force: true });
});

interface Node {
  child: ChildProcessWithoutNullStreams;
  base: string;
  /** Every `raised <id>` line, in order. */
  raised: string[];
}

async function spawnNode(): Promise<Node> {
  const script = path.join(ROOT_DIR, 'test', 'support', 'upstream-process.ts');
  const child = spawn(process.execPath, ['--import', 'tsx', script, dataDir], {
    cwd: ROOT_DIR,
  });
  children.push(child);
  const raised: string[] = [];
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('the server said nothing')), 30_000);
    createInterface({ input: child.stdout }).on('line', (line) => {
      const id = /^raised (\S+)$/.exec(line)?.[1];
      if (id !== undefined) raised.push(id);
      const p = /^port (\d+)$/.exec(line)?.[1];
      if (p === undefined) return;
      clearTimeout(timer);
      resolve(Number(p));
    });
  });
  return { child, base: `http://127.0.0.1:${port}`, raised };
}

function acknowledge(base: string, id: string): Promise<number> {
  return fetch(`${base}/v1/alerts/${id}/acknowledge`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${QUIET_KEY}`, 'Content-Type': 'application/json' },
    body: '{}',
  }).then(
    (r) => r.status,
    () => 0,
  );
}

describe('a crash during an alert burst', () => {
  it('loses no confirmed alert or acknowledgement', async () => {
    const node = await spawnNode();
    const acked = new Set<string>();
    const pending: Array<Promise<void>> = [];
    let sent = 0;

    // Raise alerts in a steady stream, acknowledge each as soon as it
    // is confirmed, and kill the process once 50 acks have answered.
    let asked = 0;
    const statuses: number[] = [];
    const deadline = Date.now() + 60_000;
    while (acked.size < 50) {
      if (Date.now() > deadline) {
        throw new Error(`only ${acked.size} acks answered 2xx: ${statuses.join(',')}`);
      }
      for (let i = 0; i < 2 && asked < 5000; i++)
        node.child.stdin.write(`raise ${++asked}\n`);
      while (sent < node.raised.length) {
        const id = node.raised[sent++] ?? '';
        pending.push(
          acknowledge(node.base, id).then((status) => {
            statuses.push(status);
            if (status >= 200 && status < 300) acked.add(id);
          }),
        );
      }
      await new Promise((r) => setTimeout(r, 5));
    }
    node.child.kill('SIGKILL');
    await new Promise((r) => node.child.once('exit', r));
    await Promise.all(pending);
    const confirmed = [...node.raised];
    // Killed mid-burst: some raises were asked for and never confirmed.
    expect(confirmed.length).toBeLessThan(asked);

    // Started again on the same data, the server comes up; then the
    // stored rows are read directly, all of them.
    const again = await spawnNode();
    const me = await fetch(`${again.base}/v1/me`, {
      headers: { Authorization: `Bearer ${QUIET_KEY}` },
    });
    expect(me.status).toBe(200);
    again.child.kill('SIGKILL');
    await new Promise((r) => again.child.once('exit', r));
    const db = await openDatabase({ dataDir });
    const rows = await db.selectFrom('alerts').select(['id', 'status']).execute();
    const { rows: check } = await sql<{
      integrity_check: string;
    }>`pragma integrity_check`.execute(db);
    await db.destroy();
    const status = new Map(rows.map((r) => [r.id, r.status]));

    for (const id of confirmed) expect(status.has(id)).toBe(true);
    for (const id of acked) expect(status.get(id)).toBe('acknowledged');
    expect(check[0]?.integrity_check).toBe('ok');
  }, 90_000);
});
