'use client';

import { useCallback, useSyncExternalStore } from 'react';

const DEFAULT_SLOT = 'fleetlight.apiKey';
const listeners = new Set<() => void>();

/**
 * The API key comes in the URL fragment (`#key=…`), which browsers never send
 * to a server, so it stays out of access logs. It is moved to local storage
 * and removed from the address bar.
 *
 * Each fleet keeps its own key: a dashboard link of one fleet must not
 * replace the key another tab is using. The last key received is also the
 * default, for the fleet index and fleets opened without one.
 *
 * Returns undefined while rendering on the server, null when there is none.
 */
export function useApiKey(
  fleetId?: string,
): [key: string | null | undefined, setKey: (k: string | null) => void] {
  const read = useCallback(() => readKey(fleetId), [fleetId]);
  const key = useSyncExternalStore(subscribe, read, () => undefined);
  const write = useCallback((k: string | null) => writeKey(fleetId, k), [fleetId]);
  return [key, write];
}

function slot(fleetId: string | undefined): string {
  return fleetId === undefined ? DEFAULT_SLOT : `${DEFAULT_SLOT}:${fleetId}`;
}

function readKey(fleetId: string | undefined): string | null {
  const fromHash = new URLSearchParams(window.location.hash.slice(1)).get('key');
  if (fromHash) {
    window.localStorage.setItem(slot(fleetId), fromHash);
    window.localStorage.setItem(DEFAULT_SLOT, fromHash);
    const { pathname, search } = window.location;
    window.history.replaceState(null, '', pathname + search);
  }
  const own = window.localStorage.getItem(slot(fleetId));
  return own ?? window.localStorage.getItem(DEFAULT_SLOT);
}

function writeKey(fleetId: string | undefined, k: string | null): void {
  const name = slot(fleetId);
  const storage = window.localStorage;
  if (k) {
    storage.setItem(name, k);
  } else {
    // Forgetting a bad key must not fall back to the same bad default.
    const forgotten = storage.getItem(name) ?? storage.getItem(DEFAULT_SLOT);
    storage.removeItem(name);
    if (storage.getItem(DEFAULT_SLOT) === forgotten) storage.removeItem(DEFAULT_SLOT);
  }
  for (const l of listeners) l();
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  window.addEventListener('storage', listener);
  return () => {
    listeners.delete(listener);
    window.removeEventListener('storage', listener);
  };
}
