import type { WebhookBody, WebhookPayload } from '../../lib/protocol';
import { classifyHttp, type AttemptResult } from './retry';
import { signatureHeader } from './signature';

export interface WebhookRequest {
  url: string;
  secret: string;
  deliveryId: string;
  body: WebhookBody;
}

export interface WebhookOptions {
  /** Epoch ms of this attempt: `sent_at` and the signature's time. */
  now: number;
  timeoutMs: number;
  /** Aborted on shutdown: the attempt is then not counted. */
  signal: AbortSignal;
}

/** Longest error text kept in the delivery log. */
const MAX_ERROR_LENGTH = 300;

/**
 * One signed POST. Redirects are not followed: the signature was made for
 * the URL the admin gave, and a redirect is no answer from that receiver.
 * The answer's body is never read.
 */
export async function postWebhook(
  req: WebhookRequest,
  opts: WebhookOptions,
): Promise<AttemptResult> {
  const payload: WebhookPayload = {
    ...req.body,
    sent_at: new Date(opts.now).toISOString(),
  };
  const text = JSON.stringify(payload);
  const headers = {
    'Content-Type': 'application/json',
    'User-Agent': 'Fleetlight-Webhooks/1',
    'X-Fleetlight-Event': req.body.event,
    'X-Fleetlight-Delivery': req.deliveryId,
    'X-Fleetlight-Signature': signatureHeader(
      req.secret,
      text,
      Math.floor(opts.now / 1000),
    ),
  };
  const signal = AbortSignal.any([opts.signal, AbortSignal.timeout(opts.timeoutMs)]);

  let res: Response;
  try {
    res = await fetch(req.url, {
      method: 'POST',
      headers,
      body: text,
      redirect: 'manual',
      signal,
    });
  } catch (error) {
    if (opts.signal.aborted) return { outcome: 'abandoned' };
    return { outcome: 'retry', error: describe(error, opts.timeoutMs) };
  }
  await res.body?.cancel().catch(() => undefined);
  return classifyHttp(res.status, res.headers.get('retry-after'), opts.now);
}

/**
 * fetch says only "fetch failed"; why (ECONNREFUSED, a TLS problem) is
 * in its cause, whose message is empty when several addresses failed.
 */
function describe(error: unknown, timeoutMs: number): string {
  if (!(error instanceof Error)) return String(error).slice(0, MAX_ERROR_LENGTH);
  if (error.name === 'TimeoutError') return `no answer within ${timeoutMs} ms`;
  const cause = error.cause as (Error & { code?: string }) | undefined;
  const why = cause?.message || cause?.code;
  const text = why ? `${error.message}: ${why}` : error.message;
  return text.slice(0, MAX_ERROR_LENGTH);
}
