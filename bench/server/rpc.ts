import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/**
 * Parent and child processes of the benchmark talk over the fork's IPC
 * channel: one request, one answer, matched by id. A child that exits
 * mid-request fails every request it still owed.
 */
interface Request {
  id: number;
  cmd: string;
  args: unknown;
}

interface Answer {
  id: number;
  ok: boolean;
  value?: unknown;
  error?: string;
}

export type Handler = (args: never) => unknown;

export interface Child {
  readonly pid: number;
  call<T>(cmd: string, args?: unknown): Promise<T>;
  /** Kills the child (SIGKILL) and waits for it to be gone. */
  kill(): Promise<void>;
}

/** Forks `script` (a .ts file beside this one) under tsx. */
export function spawnChild(script: string, flags: readonly string[] = []): Child {
  const file = fileURLToPath(new URL(script, import.meta.url));
  const proc = fork(file, [], {
    execArgv: ['--import', 'tsx', ...flags],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  return wrap(proc, script);
}

function wrap(proc: ChildProcess, name: string): Child {
  const owed = new Map<number, (a: Answer) => void>();
  let next = 0;
  const exited = new Promise<void>((resolve) => {
    proc.once('exit', (code, signal) => {
      const error = `${name} exited (${signal ?? code}) before answering`;
      for (const settle of owed.values()) settle({ id: -1, ok: false, error });
      owed.clear();
      resolve();
    });
  });
  proc.on('message', (raw) => {
    const answer = raw as Answer;
    owed.get(answer.id)?.(answer);
    owed.delete(answer.id);
  });
  return {
    pid: proc.pid ?? -1,
    call<T>(cmd: string, args?: unknown): Promise<T> {
      const id = ++next;
      return new Promise<T>((resolve, reject) => {
        owed.set(id, (a) => {
          if (a.ok) resolve(a.value as T);
          else reject(new Error(`${name} ${cmd}: ${a.error}`));
        });
        proc.send({ id, cmd, args } satisfies Request);
      });
    },
    async kill() {
      if (proc.exitCode === null && proc.signalCode === null) proc.kill('SIGKILL');
      await exited;
    },
  };
}

/** In a child: answers the parent's requests with `handlers`. */
export function serve(handlers: Record<string, Handler>): void {
  process.on('message', (raw) => {
    const { id, cmd, args } = raw as Request;
    const handler = handlers[cmd];
    const reply = (a: Answer) => process.send?.(a);
    if (!handler) {
      reply({ id, ok: false, error: `no command ${cmd}` });
      return;
    }
    Promise.resolve()
      .then(() => handler(args as never))
      .then(
        (value) => reply({ id, ok: true, value }),
        (error: unknown) => reply({ id, ok: false, error: String(error) }),
      );
  });
  // The parent gone, nothing is left to measure for.
  process.on('disconnect', () => process.exit(0));
}
