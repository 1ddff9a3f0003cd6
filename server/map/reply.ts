import type http from 'node:http';
import { sendJson } from '../http/respond';
import { noneMatchHits } from './conditional';
import type { Payload } from './lazy-asset';

/**
 * The map routes' refusals, each with its HTTP status. Same JSON shape
 * as the REST API (`{ error: { code, message } }`); the codes 405 and
 * 416 are particular to serving files, so they live here.
 */
const MAP_ERRORS = {
  not_found: 404,
  method_not_allowed: 405,
  range_not_satisfiable: 416,
  internal: 500,
} as const;

export type MapErrorCode = keyof typeof MAP_ERRORS;

export function sendMapError(
  res: http.ServerResponse,
  code: MapErrorCode,
  message: string,
): void {
  sendJson(res, MAP_ERRORS[code], { error: { code, message } });
}

/**
 * Sends a built asset, or 304 when the client already holds this
 * version. Node drops the body by itself when answering HEAD.
 */
export function sendPayload(
  req: http.IncomingMessage,
  res: http.ServerResponse,
  payload: Payload,
  cacheControl: string,
): void {
  res.setHeader('ETag', payload.etag);
  res.setHeader('Cache-Control', cacheControl);
  if (noneMatchHits(req.headers['if-none-match'], payload.etag)) {
    res.writeHead(304).end();
    return;
  }
  res.writeHead(200, {
    'Content-Type': payload.contentType,
    'Content-Length': payload.body.length,
  });
  res.end(payload.body);
}
