import path from 'node:path';
import SQLite from 'better-sqlite3';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IngestResponse } from '../../lib/protocol';
import { postJson, startSourceServer, type SourceServer } from '../support/sources';

/**
 * Storage faults on a real server: "locked" is another connection holding
 * BEGIN EXCLUSIVE past busy_timeout (5 s); "disk full" is max_page_count
 * lowered to the pages in use, which fails writes with SQLITE_FULL as a
 * full disk does (a tmpfs would need mount rights the tests do not have).
 */
let ctx: SourceServer;
let t = Date.now() - 3_600_000;

beforeAll(async () => {
  ctx = await startSourceServer();
});

afterAll(async () => {
  await ctx?.server.close();
});

function batch(vehicle: string, n: number) {
  const fixes = Array.from({ length: n }, () => {
    t += 1000;
    return {
      vehicle_id: vehicle,
      timestamp: new Date(t).toISOString(),
      lat: 30.27,
      lon: -97.74,
    };
  });
  return { fixes };
}

function ingest(body: unknown) {
  return postJson(`${ctx.server.base}/v1/ingest/positions`, body, ctx.keys.admin);
}

async function stored(vehicle: string): Promise<number> {
  const row = await ctx.server.app.db
    .selectFrom('positions')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('vehicle_id', '=', vehicle)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

async function ready(): Promise<{ status: number; storage: boolean | undefined }> {
  const res = await fetch(`${ctx.server.base}/readyz`);
  const body = (await res.json()) as { checks: Record<string, boolean> };
  return { status: res.status, storage: body.checks['storage'] };
}

async function integrity(): Promise<string> {
  const { rows } = await sql<{ integrity_check: string }>`pragma integrity_check`.execute(
    ctx.server.app.db,
  );
  return rows[0]?.integrity_check ?? '';
}

/** Waits for /readyz to report storage working again, as the writer retries. */
async function storageBack(): Promise<void> {
  const deadline = Date.now() + 15_000;
  while ((await ready()).storage !== true) {
    if (Date.now() > deadline) throw new Error('storage did not come back');
    await new Promise((r) => setTimeout(r, 200));
  }
}

async function expectUnavailable(res: Response, words: string): Promise<void> {
  expect(res.status).toBe(503);
  expect(res.headers.get('retry-after')).toBe('5');
  const { error } = (await res.json()) as { error: { code: string; message: string } };
  expect(error.code).toBe('storage_unavailable');
  expect(error.message).toContain(words);
}

describe('storage faults', () => {
  it('a locked database pauses ingest with 503 and resumes by itself once released', async () => {
    expect((await ingest(batch('lock-1', 3))).status).toBe(200);
    const other = new SQLite(path.join(ctx.server.dataDir, 'fleetlight.sqlite'));
    other.exec('BEGIN EXCLUSIVE');

    try {
      await expectUnavailable(
        await ingest(batch('lock-1', 4)),
        'locked by another writer',
      );
      expect(await ready()).toEqual({ status: 503, storage: false });
      await expectUnavailable(await ingest(batch('lock-1', 2)), 'locked');
    } finally {
      other.exec('COMMIT');
      other.close();
    }

    await storageBack();
    const res = await ingest(batch('lock-1', 2));
    expect(res.status).toBe(200);
    expect(((await res.json()) as IngestResponse).accepted).toBe(2);
    // The 3 before, the 4 answered 503 but kept, the 2 after; the 2
    // refused at the door were never taken.
    expect(await stored('lock-1')).toBe(9);
    expect(await integrity()).toBe('ok');
  }, 30_000);

  it('a full disk pauses ingest with 503 and resumes by itself once space is freed', async () => {
    const db = ctx.server.app.db;
    expect((await ingest(batch('full-1', 2))).status).toBe(200);
    const { rows } = await sql<{ page_count: number }>`pragma page_count`.execute(db);
    const pages = rows[0]?.page_count ?? 0;
    await sql.raw(`pragma max_page_count = ${pages}`).execute(db);

    try {
      await expectUnavailable(
        await ingest(batch('full-1', 400)),
        'disk holding the database is full',
      );
      expect(await ready()).toEqual({ status: 503, storage: false });
    } finally {
      await sql.raw('pragma max_page_count = 1073741823').execute(db);
    }

    await storageBack();
    expect((await ingest(batch('full-1', 1))).status).toBe(200);
    expect(await stored('full-1')).toBe(403);
    expect(await integrity()).toBe('ok');
  }, 30_000);
});
