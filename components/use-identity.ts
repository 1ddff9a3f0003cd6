'use client';

import { useEffect } from 'react';
import { fetchIdentity } from '@/lib/api/alerts';
import { isAbort } from '@/lib/api/client';
import type { Role } from '@/lib/protocol';
import { useFleet, useFleetStoreApi } from './fleet-store-context';

/**
 * Asks the server who the page's key is (`GET /v1/me`), so the page shows
 * only the controls the role may use. Until it answers, the page acts as
 * for the least role; the server enforces roles regardless.
 */
export function useIdentity(apiKey: string | null | undefined): void {
  const store = useFleetStoreApi();

  useEffect(() => {
    if (!apiKey) return;
    const ctrl = new AbortController();
    const { setIdentity } = store.getState();
    fetchIdentity(apiKey, ctrl.signal).then(setIdentity, (error: unknown) => {
      if (!isAbort(error)) setIdentity(null);
    });
    return () => ctrl.abort();
  }, [apiKey, store]);
}

export function useRole(): Role | null {
  return useFleet((s) => s.identity?.role ?? null);
}

export function useIsAdmin(): boolean {
  return useRole() === 'admin';
}
