/** The four Bookovia endpoints, and what each one is scoped to. */
export type Endpoint =
  | { kind: 'multi' }
  | { kind: 'fleet'; id: string }
  | { kind: 'vehicle'; id: string }
  | { kind: 'trip'; id: string };

export const BASE_PATH = '/v1/streaming/websocket';

const SCOPED = /^\/(fleet|vehicle|trip)\/([^/]{1,128})\/?$/;

/** Reads the endpoint from a request path; null when it is not one of ours. */
export function parseEndpoint(pathname: string): Endpoint | null {
  if (!pathname.startsWith(BASE_PATH)) return null;
  const rest = pathname.slice(BASE_PATH.length);
  if (rest === '' || rest === '/') return { kind: 'multi' };
  const m = SCOPED.exec(rest);
  if (!m) return null;
  const kind = m[1] as 'fleet' | 'vehicle' | 'trip';
  let id: string;
  try {
    id = decodeURIComponent(m[2] ?? '');
  } catch {
    return null;
  }
  return id ? { kind, id } : null;
}
