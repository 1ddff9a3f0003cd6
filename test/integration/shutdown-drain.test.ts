import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createFleetlight, type WebHandlers } from '../../server/app';
import { loadConfig } from '../../server/config';
import { createLogger } from '../../server/log';

const dirs: string[] = [];

afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

/**
 * A server whose pages are `pages`: a stand-in for Next.js that answers
 * when the test says so, to hold a request in flight. Its log lines are
 * collected in `lines`.
 */
async function serverWith(pages: WebHandlers, env: Record<string, string> = {}) {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'fleetlight-'));
  dirs.push(dataDir);
  const config = loadConfig({
    PORT: '0',
    HOST: '127.0.0.1',
    DEMO: 'off',
    DATA_DIR: dataDir,
    ...env,
  });
  const lines: string[] = [];
  const app = await createFleetlight(
    config,
    createLogger('warn', (l) => lines.push(l)),
    pages,
  );
  return { app, base: await app.listen(), lines };
}

/** Pages that hold each request until `release()`; `arrived` once one has. */
function heldPages() {
  let release: () => void = () => {};
  let arrive: () => void = () => {};
  const arrived = new Promise<void>((r) => (arrive = r));
  const released = new Promise<void>((r) => (release = r));
  const pages: WebHandlers = {
    async handle(_req, res) {
      arrive();
      await released;
      res.end('page');
    },
  };
  return { pages, arrived, release: () => release() };
}

describe('the drain on shutdown', () => {
  it('lets a request in flight finish before closing', async () => {
    const held = heldPages();
    const { app, base } = await serverWith(held.pages);
    const answer = fetch(`${base}/slow-page`);
    await held.arrived;

    let closed = false;
    const closing = app.close().then(() => (closed = true));
    await new Promise((r) => setTimeout(r, 50));
    const closedBeforeAnswer = closed;
    held.release();
    const res = await answer;
    await closing;

    expect(closedBeforeAnswer).toBe(false);
    expect(res.status).toBe(200);
    expect(res.headers.get('connection')).toBe('close');
    expect(await res.text()).toBe('page');
  });

  it('cuts a request still open after SHUTDOWN_DRAIN_MS, saying so', async () => {
    const held = heldPages();
    const { app, base, lines } = await serverWith(held.pages, { SHUTDOWN_DRAIN_MS: '0' });
    const answer = fetch(`${base}/stuck-page`).then(
      () => 'answered',
      () => 'cut',
    );
    await held.arrived;

    await app.close();

    expect(await answer).toBe('cut');
    expect(lines.map((l) => JSON.parse(l) as { msg: string })).toContainEqual(
      expect.objectContaining({
        msg: 'requests still open after the drain; cutting them',
        open: 1,
      }),
    );
    held.release();
  });
});
