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
  sink: Sink = (line) => process.stdout.write(line + '\n'),
  name = 'fleetlight',
): Logger {
  const min = RANK[level];
  const write = (lvl: Level, msg: string, fields?: Record<string, unknown>) => {
    if (RANK[lvl] < min) return;
    const entry = { time: new Date().toISOString(), level: lvl, name, msg, ...fields };
    sink(JSON.stringify(entry, errorReplacer));
  };
  return {
    debug: (m, f) => write('debug', m, f),
    info: (m, f) => write('info', m, f),
    warn: (m, f) => write('warn', m, f),
    error: (m, f) => write('error', m, f),
    child: (child) => createLogger(level, sink, `${name}:${child}`),
  };
}

function errorReplacer(_key: string, value: unknown): unknown {
  if (value instanceof Error) {
    return { name: value.name, message: value.message, stack: value.stack };
  }
  return value;
}

/** Hides credentials carried in a URL's query (`?api_key=…`). */
export function redactUrl(url: string | undefined): string {
  if (!url) return '';
  return url.replace(/([?&](?:api_key|apiKey|key|token)=)[^&#]*/gi, '$1[redacted]');
}
