import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import next from 'next';
import type { WebHandlers } from './app';
import { ROOT_DIR } from './config';
import type { Logger } from './log';

/** Everything `next build` reads; a change to any of it means a rebuild. */
const BUILD_INPUTS = [
  'app',
  'components',
  'lib',
  'public',
  'next.config.js',
  'tsconfig.json',
  'package-lock.json',
];
const STAMP = path.join(ROOT_DIR, '.next', 'fleetlight-build-hash');

/**
 * Builds the dashboard when no build exists or its sources changed since
 * the last one, so `npm start` on a fresh clone needs no separate step.
 */
export function ensureBuilt(log: Logger): void {
  const hash = hashInputs();
  const built = fs.existsSync(path.join(ROOT_DIR, '.next', 'BUILD_ID'));
  if (built && readStamp() === hash) return;

  log.info('building the dashboard (next build); this happens once per change');
  const nextBin = path.join(ROOT_DIR, 'node_modules', 'next', 'dist', 'bin', 'next');
  const result = spawnSync(process.execPath, [nextBin, 'build'], {
    cwd: ROOT_DIR,
    stdio: ['ignore', 'inherit', 'inherit'],
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1' },
  });
  if (result.status !== 0) {
    throw new Error('next build failed; its output above says why');
  }
  fs.writeFileSync(STAMP, hash);
}

export async function createWeb(opts: { dev: boolean }): Promise<WebHandlers> {
  const app = next({ dev: opts.dev, dir: ROOT_DIR });
  await app.prepare();
  const handle = app.getRequestHandler();
  const upgrade = app.getUpgradeHandler();
  return {
    handle: (req, res) => handle(req, res),
    upgrade: (req, socket, head) => upgrade(req, socket, head),
  };
}

function readStamp(): string | undefined {
  try {
    return fs.readFileSync(STAMP, 'utf8');
  } catch {
    return undefined;
  }
}

function hashInputs(): string {
  const hash = createHash('sha256');
  for (const input of BUILD_INPUTS) {
    for (const file of walk(path.join(ROOT_DIR, input))) {
      hash.update(path.relative(ROOT_DIR, file));
      hash.update(fs.readFileSync(file));
    }
  }
  return hash.digest('hex');
}

function* walk(p: string): Generator<string> {
  if (!fs.existsSync(p)) return;
  if (fs.statSync(p).isFile()) {
    yield p;
    return;
  }
  for (const entry of fs.readdirSync(p).sort()) yield* walk(path.join(p, entry));
}
