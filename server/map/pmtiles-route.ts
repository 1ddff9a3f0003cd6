import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type http from 'node:http';
import { pipeline } from 'node:stream';
import { answerRange } from './byte-range';
import { noneMatchHits } from './conditional';
import { sendMapError } from './reply';

/**
 * Serves a local PMTiles archive with byte ranges, which is how the
 * pmtiles browser client reads it: a first range for the header and root
 * directory, then one per tile. Streams straight from disk; nothing is
 * held in memory.
 */
export async function servePmtiles(
  req: http.IncomingMessage,
  res: http.ServerResponse,
  file: string,
  cacheControl: string,
): Promise<void> {
  const { size, mtimeMs } = await stat(file);
  // Size and mtime change whenever the archive is replaced; hashing a
  // large file on every start would cost more than it tells.
  const etag = `"${size.toString(36)}-${Math.floor(mtimeMs).toString(36)}"`;
  res.setHeader('Accept-Ranges', 'bytes');
  res.setHeader('ETag', etag);
  res.setHeader('Cache-Control', cacheControl);

  if (noneMatchHits(req.headers['if-none-match'], etag)) {
    res.writeHead(304).end();
    return;
  }

  const answer = answerRange(rangeFor(req, etag), size);
  if (answer.kind === 'unsatisfiable') {
    res.setHeader('Content-Range', `bytes */${size}`);
    sendMapError(
      res,
      'range_not_satisfiable',
      `Range is outside the ${size}-byte archive`,
    );
    return;
  }

  const start = answer.kind === 'part' ? answer.start : 0;
  const end = answer.kind === 'part' ? answer.end : size - 1;
  const headers: http.OutgoingHttpHeaders = {
    'Content-Type': 'application/octet-stream',
    'Content-Length': end - start + 1,
  };
  if (answer.kind === 'part') headers['Content-Range'] = `bytes ${start}-${end}/${size}`;
  res.writeHead(answer.kind === 'part' ? 206 : 200, headers);

  if (req.method === 'HEAD' || size === 0) {
    res.end();
    return;
  }
  // A client leaving mid-body is routine (MapLibre cancels tiles that
  // scroll away), so the error is not reported; pipeline still closes
  // the file.
  pipeline(createReadStream(file, { start, end }), res, () => {});
}

/**
 * The Range header to honour. An If-Range naming another version means
 * the client's cached parts are stale, so it gets the whole file (RFC
 * 9110 §13.1.5).
 */
function rangeFor(req: http.IncomingMessage, etag: string): string | undefined {
  const ifRange = req.headers['if-range'];
  if (ifRange !== undefined && ifRange !== etag) return undefined;
  return req.headers.range;
}
