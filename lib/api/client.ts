import type { ErrorBody, ErrorCode } from '../protocol';

/**
 * A refusal or failure of the REST API, with the server's machine code
 * (`alert_conflict`, `role_forbidden`, …) or `network` when no answer came.
 */
export class ApiError extends Error {
  constructor(
    readonly code: ErrorCode | 'network',
    message: string,
    readonly status = 0,
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.name = 'ApiError';
  }
}

export interface ApiRequest {
  method?: 'GET' | 'POST' | 'PUT' | 'DELETE';
  body?: unknown;
  signal?: AbortSignal;
}

/**
 * One call of the REST API with the page's key. Answers the JSON body;
 * throws an ApiError carrying the server's code and message otherwise.
 */
export async function callApi<T>(
  key: string,
  path: string,
  req: ApiRequest = {},
): Promise<T> {
  const headers: Record<string, string> = { Authorization: `Bearer ${key}` };
  if (req.body !== undefined) headers['Content-Type'] = 'application/json';

  let res: Response;
  try {
    res = await fetch(path, {
      method: req.method ?? 'GET',
      headers,
      ...(req.body !== undefined && { body: JSON.stringify(req.body) }),
      ...(req.signal && { signal: req.signal }),
      cache: 'no-store',
    });
  } catch (error) {
    if (req.signal?.aborted) throw error;
    throw new ApiError('network', 'The server cannot be reached', 0, { cause: error });
  }

  const body: unknown = await res.json().catch(() => undefined);
  if (res.ok) return body as T;
  const refusal = (body as { error?: ErrorBody } | undefined)?.error;
  throw new ApiError(
    refusal?.code ?? 'internal',
    refusal?.message ?? `The server answered HTTP ${res.status}`,
    res.status,
  );
}

/** Path segments are user-visible ids; never let one change the route. */
export function segment(id: string): string {
  return encodeURIComponent(id);
}

/** True for the rejection of a request this page aborted itself. */
export function isAbort(error: unknown): boolean {
  return error instanceof DOMException && error.name === 'AbortError';
}
