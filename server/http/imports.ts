import type http from 'node:http';
import { importQuerySchema } from '../../lib/protocol';
import { ImportError } from '../sources/import/importer';
import { BodyError } from './body';
import type { Call, RestDeps, Route } from './rest';
import { sendError, sendJson } from './respond';
import { visibleFleet } from './sources';

const WHAT_TO_SEND =
  'Send the file as the body, with ?mode=history|replay and optionally ' +
  'format=auto|austin|ved|generic|gpx, vehicle_id (GPX) and speed (replay)';

/**
 * `POST /v1/fleets/{id}/imports`: a CSV or GPX file as the request body,
 * read as it arrives (no multipart: a browser sends a File as the body
 * with fetch). Answers the per-row report.
 */
export function importRoute(deps: RestDeps): Route {
  return {
    method: 'POST',
    path: /^\/v1\/fleets\/([^/]+)\/imports$/,
    roles: ['admin'],
    handle: (call) => postImport(deps, call),
  };
}

async function postImport(deps: RestDeps, call: Call): Promise<void> {
  const fleetId = visibleFleet(call);
  if (fleetId === undefined) return;
  const url = new URL(call.req.url ?? '/', 'http://localhost');
  const query = importQuerySchema.safeParse(Object.fromEntries(url.searchParams));
  if (!query.success) {
    const issue = query.error.issues[0];
    const field = issue?.path.join('.') ?? '';
    const text =
      field === '' ? WHAT_TO_SEND : `${field} ${issue?.message}. ${WHAT_TO_SEND}`;
    return sendError(call.res, 'invalid_message', text);
  }
  const { sources } = deps;
  const maxBytes = sources.config.importMaxBytes;
  if (Number(call.req.headers['content-length'] ?? 0) > maxBytes) {
    return sendError(call.res, 'payload_too_large', `The file is over ${maxBytes} bytes`);
  }

  const q = query.data;
  try {
    const report = await sources.importFile(capped(call.req, maxBytes), {
      fleetId,
      mode: q.mode,
      format: q.format,
      speed: q.speed ?? sources.config.replaySpeed,
      ...(q.vehicle_id !== undefined && { vehicleId: q.vehicle_id }),
    });
    sendJson(call.res, 200, report);
  } catch (error) {
    // The rest of the upload is not read: close rather than drain it.
    call.res.setHeader('Connection', 'close');
    if (error instanceof ImportError) {
      return sendError(call.res, 'invalid_message', error.message);
    }
    if (error instanceof BodyError) return sendError(call.res, error.code, error.message);
    throw error;
  }
}

/**
 * The request body, refused once past `maxBytes`. Rows stored before the
 * limit was seen stay stored; sending the file again only finds them as
 * duplicates.
 */
async function* capped(
  req: http.IncomingMessage,
  maxBytes: number,
): AsyncGenerator<Buffer> {
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > maxBytes) {
      throw new BodyError('payload_too_large', `The file is over ${maxBytes} bytes`);
    }
    yield chunk as Buffer;
  }
}
