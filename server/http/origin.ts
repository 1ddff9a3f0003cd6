import type http from 'node:http';
import type { Duplex } from 'node:stream';

/**
 * Which browser pages may open a live connection or send a mutation.
 *
 * A browser names the page behind a WebSocket upgrade, a cross-site fetch
 * and every POST in `Origin`; nothing else does. So a request without one
 * comes from a device, a script or the SDK in Node, and passes: the Bearer
 * key still decides what it may do. With one, the page must be served from
 * the host the request was sent to, or be listed in ALLOWED_ORIGINS.
 * `Origin: null` (sandboxed frames, file://) is never the server's own.
 */
export type OriginCheck = (req: http.IncomingMessage) => boolean;

export function createOriginCheck(allowed: readonly string[]): OriginCheck {
  const extra = new Set(allowed);
  return (req) => {
    const origin = req.headers.origin;
    if (origin === undefined) return true;
    if (extra.has(origin)) return true;
    return hostOf(origin) === req.headers.host;
  };
}

/** Methods that change state, whose foreign-origin requests are refused. */
export function isMutation(method: string | undefined): boolean {
  return method !== 'GET' && method !== 'HEAD' && method !== 'OPTIONS';
}

/** The answer to a refused upgrade, written on the raw socket. */
export function refuseUpgrade(socket: Duplex, reason: string): void {
  const body = JSON.stringify({ error: { code: 'origin_forbidden', message: reason } });
  socket.end(
    'HTTP/1.1 403 Forbidden\r\n' +
      'Connection: close\r\n' +
      'Content-Type: application/json; charset=utf-8\r\n' +
      `Content-Length: ${Buffer.byteLength(body)}\r\n` +
      '\r\n' +
      body,
  );
}

export const FOREIGN_ORIGIN = 'Requests from this page origin are not allowed';

function hostOf(origin: string): string | undefined {
  try {
    return new URL(origin).host;
  } catch {
    return undefined;
  }
}

/**
 * Checks one ALLOWED_ORIGINS entry: an http(s) origin exactly as a browser
 * sends it (no path, no trailing slash, default port left out). Returns
 * the problem, or undefined.
 */
export function originProblem(value: string): string | undefined {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return `"${value}" is not an origin like https://fleet.example.com`;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return `"${value}" must start with http:// or https://`;
  }
  if (url.origin !== value) {
    return `"${value}" must be exactly "${url.origin}": scheme, host and port only`;
  }
  return undefined;
}
