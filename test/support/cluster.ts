import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import net from 'node:net';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { createClient } from 'redis';
import { ROOT_DIR } from '../../server/config';

/** The machine's shared Redis; tests use a fresh key prefix on it. */
export const SHARED_REDIS = 'redis://127.0.0.1:6379';

/** A key prefix no other test run uses. */
export function freshPrefix(): string {
  return `fltest-${randomBytes(4).toString('hex')}:`;
}

/** Whether something answers Redis' PING at `port` on 127.0.0.1. */
export function redisAnswers(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(1000, () => done(false));
    socket.once('error', () => done(false));
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.once('data', (d) => done(String(d).startsWith('+PONG')));
  });
}

/** A node started by test/support/cluster-node.ts. */
export interface ClusterNode {
  child: ChildProcess;
  port: number;
  base: string;
  /** Raises an alert on this node; answers its id. */
  raise(n: number): Promise<string>;
  /** Reads one counter or gauge of the node's /metrics (0 when absent). */
  metric(name: string): Promise<number>;
  /** Stops the node cleanly. */
  stop(): Promise<void>;
}

export interface NodeEnv {
  REDIS_URL: string;
  REDIS_KEY_PREFIX: string;
  [name: string]: string;
}

/**
 * Starts a node on `dataDir`; `seed` registers the quiet fleet (start the
 * seeding node first). DATABASE_URL is passed on when the run sets it.
 */
export async function startNode(
  dataDir: string,
  env: NodeEnv,
  seed = false,
): Promise<ClusterNode> {
  const script = path.join(ROOT_DIR, 'test', 'support', 'cluster-node.ts');
  const args = ['--import', 'tsx', script, dataDir, ...(seed ? ['seed'] : [])];
  const child = spawn(process.execPath, args, {
    cwd: ROOT_DIR,
    env: { ...process.env, ...env },
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const lines = createInterface({ input: child.stdout! });
  const waiting: Array<(line: string) => void> = [];
  lines.on('line', (line) => waiting.shift()?.(line));
  const nextLine = () =>
    new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('the node said nothing')), 30_000);
      waiting.push((line) => {
        clearTimeout(timer);
        resolve(line);
      });
    });
  const port = Number(/^port (\d+)$/.exec(await nextLine())?.[1]);
  if (!port) throw new Error('the node did not say its port');
  const base = `http://127.0.0.1:${port}`;
  return {
    child,
    port,
    base,
    async raise(n) {
      const answer = nextLine();
      child.stdin!.write(`raise ${n}\n`);
      const id = /^raised (\S+)$/.exec(await answer)?.[1];
      if (id === undefined) throw new Error(`alert ${n} was not raised`);
      return id;
    },
    async metric(name) {
      const text = await (await fetch(`${base}/metrics`)).text();
      const line = text.split('\n').find((l) => l.startsWith(`${name} `));
      return line === undefined ? 0 : Number(line.split(' ')[1]);
    },
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((r) => child.once('exit', r));
      child.stdin!.end();
      const killer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(killer);
    },
  };
}

/** A redis-server of the test's own, on a free port, to pause and kill. */
export interface OwnRedis {
  port: number;
  url: string;
  pause(): void;
  resume(): void;
  stop(): Promise<void>;
}

export async function startOwnRedis(): Promise<OwnRedis> {
  const port = await freePort();
  const child = spawn(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
    { stdio: 'ignore' },
  );
  const deadline = Date.now() + 10_000;
  while (!(await redisAnswers(port))) {
    if (Date.now() > deadline) throw new Error('redis-server did not start');
    await new Promise((r) => setTimeout(r, 50));
  }
  return {
    port,
    url: `redis://127.0.0.1:${port}`,
    pause: () => child.kill('SIGSTOP'),
    resume: () => child.kill('SIGCONT'),
    async stop() {
      if (child.exitCode !== null) return;
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGCONT');
      child.kill('SIGTERM');
      await exited;
    },
  };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** Deletes the keys a test wrote under its own prefix (never anything else). */
export async function dropPrefix(url: string, prefix: string): Promise<void> {
  const client = createClient({ url });
  client.on('error', () => undefined);
  await client.connect();
  try {
    for await (const keys of client.scanIterator({ MATCH: `${prefix}*`, COUNT: 500 })) {
      if (keys.length > 0) await client.del(keys);
    }
  } finally {
    client.destroy();
  }
}
