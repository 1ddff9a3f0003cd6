import type http from 'node:http';

/** Largest JSON body the REST API reads. */
export const MAX_BODY_BYTES = 64 * 1024;

export class BodyError extends Error {
  constructor(
    readonly code: 'payload_too_large' | 'malformed_json',
    message: string,
  ) {
    super(message);
  }
}

/** Reads a JSON body, refusing more than `limit` bytes before buffering them. */
export async function readJson(
  req: http.IncomingMessage,
  limit = MAX_BODY_BYTES,
): Promise<unknown> {
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

function tooLarge(limit: number): BodyError {
  return new BodyError('payload_too_large', `The request body is over ${limit} bytes`);
}
