import { randomUUID } from 'node:crypto';
import type http from 'node:http';

export const REQUEST_ID_HEADER = 'x-request-id';

/** Longest incoming id kept; a longer one is replaced, never cut. */
export const MAX_REQUEST_ID_LENGTH = 128;

/** What an id from a proxy may hold: nothing a log or a header could misread. */
const SANE_ID = /^[A-Za-z0-9._-]+$/;

/**
 * The request's id: the one a proxy in front already gave it (nginx's
 * `$request_id`, a balancer's trace id) when it is sane, so one id
 * follows the request through every hop; a fresh UUID otherwise.
 */
export function requestIdOf(req: http.IncomingMessage): string {
  const sent = req.headers[REQUEST_ID_HEADER];
  if (typeof sent !== 'string') return randomUUID();
  if (sent.length > MAX_REQUEST_ID_LENGTH || !SANE_ID.test(sent)) {
    return randomUUID();
  }
  return sent;
}
