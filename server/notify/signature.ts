import { createHmac, randomBytes } from 'node:crypto';

/** Bytes of a new webhook secret, shown as hex. */
const SECRET_BYTES = 32;

export function newWebhookSecret(): string {
  return randomBytes(SECRET_BYTES).toString('hex');
}

/**
 * `X-Fleetlight-Signature`: `t=<unix s>,v1=<hex HMAC-SHA256>` of the
 * string `"<t>.<body>"`, keyed with the secret's text as shown. Signing
 * the time with the body lets a receiver refuse a replayed old request.
 */
export function signatureHeader(
  secret: string,
  body: string,
  unixSeconds: number,
): string {
  const mac = createHmac('sha256', secret).update(`${unixSeconds}.${body}`).digest('hex');
  return `t=${unixSeconds},v1=${mac}`;
}
