import { AsyncLocalStorage } from 'node:async_hooks';
import { isSecretField, REDACTED, scrubText } from './log-secrets';

/**
 * One structured logger: JSON lines on stdout, a level, named children
 * (protocol, ingest, replay…). Quiet by default: `info` says what a person
 * starting the server needs, `debug` says everything else.
 */
export type Level = 'debug' | 'info' | 'warn' | 'error';
export type LogLevel = Level | 'silent';

const RANK: Record<LogLevel, number> = {
  debug: 10,
  info: 20,
  warn: 30,
  error: 40,
  silent: 99,
};

export interface Logger {
  debug(msg: string, fields?: Record<string, unknown>): void;
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
  child(name: string): Logger;
}

export type Sink = (line: string) => void;

export function createLogger(
  level: LogLevel,
  sink: Sink = (line) => {
    // A closed pipe (the reader went away) silently drops the line.
    if (process.stdout.writable) process.stdout.write(line + '\n');
  },
  name = 'fleetlight',
): Logger {
  const min = RANK[level];
  const write = (lvl: Level, msg: string, fields?: Record<string, unknown>) => {
    if (RANK[lvl] < min) return;
    const context = logContext.getStore();
    const entry = {
      time: new Date().toISOString(),
      level: lvl,
      name,
      msg,
      ...context,
      ...fields,
    };
    sink(JSON.stringify(entry, replacer));
  };
  return {
    debug: (m, f) => write('debug', m, f),
    info: (m, f) => write('info', m, f),
    warn: (m, f) => write('warn', m, f),
    error: (m, f) => write('error', m, f),
    child: (child) => createLogger(level, sink, `${name}:${child}`),
  };
}

/**
 * Fields every line logged while serving one request carries, such as
 * its `requestId`, without handing a logger down every call. Timers and
 * listeners created during the request inherit the context, and may fire
 * long after it: `endLogContext` empties it once the request is over, so
 * a later line never carries a stale id.
 */
const logContext = new AsyncLocalStorage<Record<string, string>>();

/** Runs `fn` with `fields` added to each line it logs, however deep. */
export function withLogContext<T>(fields: Record<string, string>, fn: () => T): T {
  return logContext.run(fields, fn);
}

/** Stops adding `fields` (as given to withLogContext) to any line. */
export function endLogContext(fields: Record<string, string>): void {
  for (const name of Object.keys(fields)) delete fields[name];
}

/**
 * A logger adding `bound` to each of its lines: one per connection, so its
 * id is on every line about it (`conn`).
 */
export function withFields(log: Logger, bound: Record<string, unknown>): Logger {
  return {
    debug: (m, f) => log.debug(m, { ...bound, ...f }),
    info: (m, f) => log.info(m, { ...bound, ...f }),
    warn: (m, f) => log.warn(m, { ...bound, ...f }),
    error: (m, f) => log.error(m, { ...bound, ...f }),
    child: (name) => withFields(log.child(name), bound),
  };
}

/** Errors as plain objects; credentials out of every field (log-secrets.ts). */
function replacer(key: string, value: unknown): unknown {
  if (value instanceof Error) {
    return { name: value.name, message: value.message, stack: value.stack };
  }
  if (typeof value !== 'string') return value;
  if (key !== '' && isSecretField(key)) return REDACTED;
  return scrubText(value);
}

/** Query parameters whose values are credentials. */
const SECRET_PARAMS = new Set(['api_key', 'apikey', 'key', 'token']);

/**
 * Hides credentials carried in a URL's query (`?api_key=…`). Names are
 * compared decoded, so `api%5Fkey` is caught as the server would read it.
 */
export function redactUrl(url: string | undefined): string {
  if (!url) return '';
  const q = url.indexOf('?');
  if (q < 0) return url;
  const hash = url.indexOf('#', q);
  const end = hash < 0 ? url.length : hash;
  const parts = url
    .slice(q + 1, end)
    .split('&')
    .map((pair) => {
      const eq = pair.indexOf('=');
      if (eq < 0) return pair;
      let name = pair.slice(0, eq);
      try {
        name = decodeURIComponent(name.replace(/\+/g, ' '));
      } catch {
        // A malformed name is kept as sent; it cannot name a secret we read.
      }
      return SECRET_PARAMS.has(name.toLowerCase())
        ? `${pair.slice(0, eq)}=[redacted]`
        : pair;
    });
  return url.slice(0, q + 1) + parts.join('&') + url.slice(end);
}
