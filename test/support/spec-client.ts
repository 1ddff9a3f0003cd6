import fs from 'node:fs';
import path from 'node:path';
import WebSocket from 'ws';

/** The folder `shared/` beside the repository (CI lays it there too). */
export const SHARED_DIR = path.resolve(import.meta.dirname, '../../../shared');
const SPEC = path.join(SHARED_DIR, 'spec/bookovia-streaming-api.txt');

/**
 * The spec's JavaScript client, exactly as printed: the text from
 * `class BookoviaWebSocket {` to the end of the class, read from the spec
 * itself so nothing in it can drift.
 */
export function specClientSource(): string {
  const text = fs.readFileSync(SPEC, 'utf8');
  const start = text.indexOf('class BookoviaWebSocket {');
  const end = text.indexOf('// Usage example', start);
  if (start < 0 || end < 0) throw new Error(`the client class was not found in ${SPEC}`);
  return text.slice(start, end);
}

export interface SpecClient {
  connect(): void;
  disconnect(): void;
  subscribe(channel: string, handler: (payload: unknown) => void): void;
  reconnectAttempts: number;
}

type SpecClientClass = new (apiKey: string, fleetId: string) => SpecClient;

/**
 * Loads the spec's class with a standard WebSocket as its global. The class
 * dials the spec's production host; the WebSocket we hand it sends that
 * host to the test server instead, which is the only thing changed.
 */
export function loadSpecClient(serverWsBase: string, logs: string[]): SpecClientClass {
  class RoutedWebSocket extends WebSocket {
    constructor(url: string) {
      super(url.replace('wss://api.bookovia.com', serverWsBase));
    }
  }
  const quietConsole = {
    log: (...a: unknown[]) => logs.push(a.map(String).join(' ')),
    warn: (...a: unknown[]) => logs.push(a.map(String).join(' ')),
    error: (...a: unknown[]) => logs.push(a.map(String).join(' ')),
  };
  const factory = new Function(
    'WebSocket',
    'console',
    `${specClientSource()}\nreturn BookoviaWebSocket;`,
  ) as (ws: typeof RoutedWebSocket, c: typeof quietConsole) => SpecClientClass;
  return factory(RoutedWebSocket, quietConsole);
}
