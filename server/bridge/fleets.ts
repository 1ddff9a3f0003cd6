import type { FleetSpec } from '../db/fleets';
import type { UpstreamConfig } from '../config';

/** Longest wait for the upstream's fleet list. */
const FLEETS_TIMEOUT_MS = 10_000;

/**
 * The fleets the upstream key may read, with their names and time zones,
 * from the upstream's `GET /v1/fleets` (its host, over http or https).
 */
export async function upstreamFleets(upstream: UpstreamConfig): Promise<FleetSpec[]> {
  const url = new URL('/v1/fleets', upstream.url);
  url.protocol = url.protocol === 'wss:' ? 'https:' : 'http:';
  const res = await fetch(url, {
    headers: { Authorization: `Bearer ${upstream.key}` },
    signal: AbortSignal.timeout(FLEETS_TIMEOUT_MS),
  });
  if (!res.ok) throw new Error(`GET /v1/fleets answered ${res.status}`);
  const body = (await res.json()) as { fleets?: unknown };
  if (!Array.isArray(body.fleets)) throw new Error('GET /v1/fleets sent no fleets');
  return body.fleets.filter(isFleet).map(({ id, name, timezone }) => ({
    id,
    name,
    timezone,
  }));
}

function isFleet(value: unknown): value is FleetSpec {
  const f = value as Partial<FleetSpec> | null;
  return (
    typeof f?.id === 'string' &&
    typeof f.name === 'string' &&
    typeof f.timezone === 'string'
  );
}
