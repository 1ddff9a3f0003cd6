import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { ROOT_DIR } from '../../server/config';

/** The nginx binary, when one is installed. */
export function findNginx(): string | undefined {
  for (const bin of ['/usr/sbin/nginx', '/usr/bin/nginx', '/usr/local/sbin/nginx']) {
    if (fs.existsSync(bin)) return bin;
  }
  const which = spawnSync('which', ['nginx'], { encoding: 'utf8' });
  return which.status === 0 ? which.stdout.trim() || undefined : undefined;
}

export interface Nginx {
  base: string;
  /** nginx's error log so far, for a failing test's message. */
  errors(): string;
  stop(): Promise<void>;
}

/** A port free right now on 127.0.0.1; nginx cannot take port 0. */
export async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((r) => server.close(r));
  return port;
}

/**
 * Runs deploy/nginx.conf, with its upstreams pointed at `realtime` and
 * `web` and its listener at 127.0.0.1, in a temporary directory of its
 * own: pid, logs and temp files, in the foreground, as one process (no
 * worker switching to another user), so it runs as root or not.
 */
export async function startNginx(
  bin: string,
  ports: { realtime: number; web: number },
): Promise<Nginx> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fleetlight-nginx-'));
  const port = await freePort();
  const site = fs
    .readFileSync(path.join(ROOT_DIR, 'deploy', 'nginx.conf'), 'utf8')
    .replace(/server 127\.0\.0\.1:3000\b/, `server 127.0.0.1:${ports.realtime}`)
    .replace(/server 127\.0\.0\.1:3001\b/, `server 127.0.0.1:${ports.web}`)
    .replace(/listen 80;/, `listen 127.0.0.1:${port};`);
  fs.writeFileSync(path.join(dir, 'fleetlight.conf'), site);
  const temp = ['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi']
    .map((t) => `  ${t}_temp_path ${path.join(dir, t)};`)
    .join('\n');
  fs.writeFileSync(
    path.join(dir, 'nginx.conf'),
    [
      'daemon off;',
      'master_process off;',
      `pid ${path.join(dir, 'nginx.pid')};`,
      `error_log ${path.join(dir, 'error.log')} warn;`,
      'events { worker_connections 256; }',
      'http {',
      `  access_log ${path.join(dir, 'access.log')};`,
      temp,
      `  include ${path.join(dir, 'fleetlight.conf')};`,
      '}',
    ].join('\n'),
  );
  const errorLog = path.join(dir, 'error.log');
  const errors = () => (fs.existsSync(errorLog) ? fs.readFileSync(errorLog, 'utf8') : '');
  const child = spawn(
    bin,
    ['-p', dir, '-c', path.join(dir, 'nginx.conf'), '-e', errorLog],
    {
      stdio: ['ignore', 'ignore', 'pipe'],
    },
  );
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => (stderr += String(d)));
  await waitForPort(port, child, () => stderr + errors());
  return {
    base: `http://127.0.0.1:${port}`,
    errors,
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGQUIT');
        await exited;
      }
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function waitForPort(port: number, child: ChildProcess, why: () => string) {
  for (let i = 0; i < 100; i++) {
    if (child.exitCode !== null) throw new Error(`nginx exited: ${why()}`);
    const open = await new Promise<boolean>((resolve) => {
      const s = net.connect(port, '127.0.0.1');
      s.once('connect', () => {
        s.destroy();
        resolve(true);
      });
      s.once('error', () => resolve(false));
    });
    if (open) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`nginx never listened on ${port}: ${why()}`);
}
