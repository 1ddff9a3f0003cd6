import { createHash } from 'node:crypto';

/** A built response body with the validator that names it. */
export interface Payload {
  body: Buffer;
  /** A strong ETag, quoted, from a hash of the body. */
  etag: string;
  contentType: string;
}

/**
 * Wraps a builder so it runs on first use only, and every caller waiting
 * meanwhile shares that one build. A failed build is forgotten, so the
 * next request tries again (a data file may have been fixed).
 */
export function lazyJson(
  build: () => Promise<unknown>,
  contentType: string,
): () => Promise<Payload> {
  let pending: Promise<Payload> | null = null;
  return () => {
    pending ??= build().then(
      (value) => toPayload(value, contentType),
      (error: unknown) => {
        pending = null;
        throw error;
      },
    );
    return pending;
  };
}

function toPayload(value: unknown, contentType: string): Payload {
  const body = Buffer.from(JSON.stringify(value));
  const hash = createHash('sha256').update(body).digest('base64url');
  return { body, etag: `"${hash.slice(0, 27)}"`, contentType };
}
