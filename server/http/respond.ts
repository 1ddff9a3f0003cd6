import type http from 'node:http';
import { ERRORS, type ErrorCode } from '../../lib/protocol';

export function sendJson(res: http.ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(text),
    'Cache-Control': 'no-store',
  });
  res.end(text);
}

/** The one JSON error shape of the REST API: `{ error: { code, message } }`. */
export function sendError(
  res: http.ServerResponse,
  code: ErrorCode,
  message: string,
): void {
  const status = ERRORS[code].http;
  if (status === 401) res.setHeader('WWW-Authenticate', 'Bearer realm="fleetlight"');
  sendJson(res, status, { error: { code, message } });
}

/** The key of an `Authorization: Bearer <key>` header, if there is one. */
export function bearerKey(req: http.IncomingMessage): string | undefined {
  const header = req.headers.authorization;
  if (!header) return undefined;
  const m = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return m?.[1];
}
