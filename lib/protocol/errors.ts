/**
 * Every way the server refuses a client, in one table: a stable machine code,
 * the HTTP status for REST, and the WebSocket close code used when the
 * refusal ends the connection. On a Bookovia socket every `auth_error` ends
 * it, with this code and the machine code itself as the close reason; an
 * `error` never does. null: the code is never an `auth_error`.
 *
 * Close codes 4000–4999 are the application range of RFC 6455 §7.4.2; ours
 * repeat the HTTP status after the 4.
 */
export const ERRORS = {
  invalid_api_key: { http: 401, close: 4401 },
  missing_api_key: { http: 401, close: 4401 },
  fleet_forbidden: { http: 403, close: 4403 },
  role_forbidden: { http: 403, close: null },
  not_found: { http: 404, close: 4404 },
  auth_timeout: { http: 401, close: 4408 },
  not_authenticated: { http: 401, close: null },
  malformed_json: { http: 400, close: null },
  invalid_message: { http: 400, close: 4400 },
  unknown_type: { http: 400, close: null },
  unknown_channel: { http: 400, close: null },
  channel_forbidden: { http: 403, close: null },
  payload_too_large: { http: 413, close: 1009 },
  rate_limited: { http: 429, close: null },
  too_many_connections: { http: 429, close: 4429 },
  alert_conflict: { http: 409, close: null },
  key_conflict: { http: 409, close: null },
  storage_unavailable: { http: 503, close: null },
  origin_forbidden: { http: 403, close: null },
  unsupported_media_type: { http: 415, close: null },
  internal: { http: 500, close: 1011 },
  // RFC 6455 §7.4.1: 1008, the connection broke a policy (bounded buffering).
  slow_consumer: { http: 503, close: 1008 },
} as const satisfies Record<string, { http: number; close: number | null }>;

export type ErrorCode = keyof typeof ERRORS;

/**
 * A client that keeps sending over its rate after being told `rate_limited`
 * is cut with 1008 (Policy Violation, RFC 6455 §7.4.1) and this reason;
 * the `error` before it says why.
 */
export const FLOOD_CLOSE = { code: 1008, reason: 'rate limit' } as const;

/** The codes that may end a WebSocket connection. */
export type ClosingCode = {
  [C in ErrorCode]: (typeof ERRORS)[C]['close'] extends number ? C : never;
}[ErrorCode];

export interface ErrorBody {
  code: ErrorCode;
  message: string;
  /** With `rate_limited` and `too_many_connections`: when to try again. */
  retry_after_ms?: number;
}

/** RFC 6455 §5.5: a close frame carries 125 bytes, two of them the code. */
export const MAX_CLOSE_REASON_BYTES = 123;

/** The most characters of client-sent text an error message repeats. */
export const MAX_ECHO_CHARS = 64;

/**
 * Client-sent text cut to fit an error message, with `…` marking the cut.
 * It counts code points, so an emoji's surrogate pair is never split.
 */
export function clip(text: string, max = MAX_ECHO_CHARS): string {
  if (text.length <= max) return text;
  const chars = Array.from(text);
  if (chars.length <= max) return text;
  return chars.slice(0, max - 1).join('') + '…';
}
