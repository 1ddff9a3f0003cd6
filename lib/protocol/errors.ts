/**
 * Every way the server refuses a client, in one table: a stable machine code,
 * the HTTP status for REST, and the WebSocket close code where the refusal
 * ends the connection (null: the socket stays open).
 *
 * Close codes 4000–4999 are the application range of RFC 6455 §7.4.2.
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
  invalid_message: { http: 400, close: null },
  unknown_type: { http: 400, close: null },
  unknown_channel: { http: 400, close: null },
  channel_forbidden: { http: 403, close: null },
  payload_too_large: { http: 413, close: 1009 },
  rate_limited: { http: 429, close: null },
  internal: { http: 500, close: 1011 },
} as const satisfies Record<string, { http: number; close: number | null }>;

export type ErrorCode = keyof typeof ERRORS;

export interface ErrorBody {
  code: ErrorCode;
  message: string;
}
