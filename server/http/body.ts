import type http from 'node:http';

/** Largest JSON body the REST API reads. */
export const MAX_BODY_BYTES = 64 * 1024;

export class BodyError extends Error {
  constructor(
    readonly code: 'payload_too_large' | 'malformed_json' | 'unsupported_media_type',
    message: string,
  ) {
    super(message);
  }
}

export interface ReadJsonOptions {
  /**
   * Takes a body of any declared type (default false). Only for device
   * ingest, whose senders are not browsers and often label JSON badly; the
   * REST API requires `application/json`, a type no cross-site form or
   * preflight-free fetch can send.
   */
  anyType?: boolean;
}

/**
 * Reads a JSON body, refusing another declared type before reading (415)
 * and more than `limit` bytes before buffering them.
 */
export async function readJson(
  req: http.IncomingMessage,
  limit = MAX_BODY_BYTES,
  opts: ReadJsonOptions = {},
): Promise<unknown> {
  if (!opts.anyType && !isJsonType(req.headers['content-type'])) {
    throw new BodyError(
      'unsupported_media_type',
      'Send the body as Content-Type: application/json',
    );
  }
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > limit) throw tooLarge(limit);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limit) throw tooLarge(limit);
    chunks.push(chunk as Buffer);
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch {
    throw new BodyError('malformed_json', 'The request body is not valid JSON');
  }
}

function isJsonType(header: string | undefined): boolean {
  const type = header?.split(';')[0]?.trim().toLowerCase();
  return type === 'application/json';
}

function tooLarge(limit: number): BodyError {
  return new BodyError('payload_too_large', `The request body is over ${limit} bytes`);
}
