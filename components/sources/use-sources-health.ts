'use client';

import { useCallback, useEffect, useState } from 'react';
import { isAbort } from '@/lib/api/client';
import { fetchSources } from '@/lib/api/sources';
import type { SourcesResponse } from '@/lib/protocol';
import { useFleet } from '../fleet-store-context';

/** How often the health table asks again; the server counts per minute. */
export const HEALTH_INTERVAL_MS = 3000;

export interface SourcesHealth {
  sources: SourcesResponse | null;
  error: string | null;
  /** Asks now, as after a change the admin made. */
  reload: () => void;
}

/** `GET /v1/fleets/{id}/sources`, asked again every HEALTH_INTERVAL_MS. */
export function useSourcesHealth(apiKey: string): SourcesHealth {
  const fleetId = useFleet((s) => s.fleetId);
  const [sources, setSources] = useState<SourcesResponse | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [version, setVersion] = useState(0);

  useEffect(() => {
    const ctrl = new AbortController();
    let timer: ReturnType<typeof setTimeout> | undefined;

    // Each poll waits for the last, so a slow server never piles them up.
    const poll = async () => {
      try {
        setSources(await fetchSources(apiKey, fleetId, ctrl.signal));
        setError(null);
      } catch (e) {
        if (isAbort(e)) return;
        setError(`The health could not be read: ${String(e)}`);
      }
      if (!ctrl.signal.aborted) timer = setTimeout(() => void poll(), HEALTH_INTERVAL_MS);
    };
    void poll();

    return () => {
      ctrl.abort();
      clearTimeout(timer);
    };
  }, [apiKey, fleetId, version]);

  const reload = useCallback(() => setVersion((v) => v + 1), []);
  return { sources, error, reload };
}
