'use client';

import { useEffect } from 'react';
import { fetchAlerts } from '@/lib/api/alerts';
import { isAbort } from '@/lib/api/client';
import { useFleetStoreApi } from '../fleet-store-context';

/**
 * Reads the fleet's stored alerts into the store on every (re)connect.
 * The stream only tells what happens from now on; whatever was raised,
 * acknowledged or resolved before, or while this page was away, comes
 * from REST. Merging keeps the newest state of each alert either way.
 */
export function useAlertFeed(apiKey: string | null | undefined): void {
  const store = useFleetStoreApi();

  useEffect(() => {
    if (!apiKey) return;
    let ctrl: AbortController | undefined;
    const load = () => {
      ctrl?.abort();
      ctrl = new AbortController();
      const { fleetId, loadAlerts, setAlertsError } = store.getState();
      fetchAlerts(apiKey, fleetId, ctrl.signal).then(loadAlerts, (error: unknown) => {
        if (isAbort(error)) return;
        const text = error instanceof Error ? error.message : String(error);
        setAlertsError(`Stored alerts could not be read: ${text}`);
      });
    };

    if (store.getState().connection === 'live') load();
    const unsubscribe = store.subscribe((s, prev) => {
      if (s.connection === 'live' && prev.connection !== 'live') load();
    });
    return () => {
      unsubscribe();
      ctrl?.abort();
    };
  }, [apiKey, store]);
}
