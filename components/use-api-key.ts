'use client';

import { useSyncExternalStore } from 'react';

const STORAGE_KEY = 'fleetlight.apiKey';
const listeners = new Set<() => void>();

/**
 * The API key comes in the URL fragment (`#key=…`), which browsers never send
 * to a server, so it stays out of access logs. It is moved to local storage
 * and removed from the address bar.
 *
 * Returns undefined while rendering on the server, null when there is none.
 */
export function useApiKey(): [
  key: string | null | undefined,
  setKey: (k: string | null) => void,
] {
  const key = useSyncExternalStore(subscribe, readKey, () => undefined);
  return [key, writeKey];
}

function readKey(): string | null {
  const fromHash = new URLSearchParams(window.location.hash.slice(1)).get('key');
  if (fromHash) {
    window.localStorage.setItem(STORAGE_KEY, fromHash);
    const { pathname, search } = window.location;
    window.history.replaceState(null, '', pathname + search);
  }
  return window.localStorage.getItem(STORAGE_KEY);
}

function writeKey(k: string | null): void {
  if (k) window.localStorage.setItem(STORAGE_KEY, k);
  else window.localStorage.removeItem(STORAGE_KEY);
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
