'use client';

import { useEffect, useState } from 'react';

const STORAGE_KEY = 'fleetlight.apiKey';

/**
 * The API key comes in the URL fragment (`#key=…`), which browsers never send
 * to a server, so it stays out of access logs. It is kept in local storage
 * and removed from the address bar.
 */
export function useApiKey(): [key: string | null | undefined, setKey: (k: string | null) => void] {
  // undefined: not read yet (server render); null: there is none.
  const [key, setKeyState] = useState<string | null | undefined>(undefined);

  useEffect(() => {
    const fromHash = new URLSearchParams(window.location.hash.slice(1)).get('key');
    if (fromHash) {
      window.localStorage.setItem(STORAGE_KEY, fromHash);
      const { pathname, search } = window.location;
      window.history.replaceState(null, '', pathname + search);
    }
    setKeyState(fromHash ?? window.localStorage.getItem(STORAGE_KEY));
  }, []);

  const setKey = (k: string | null) => {
    if (k) window.localStorage.setItem(STORAGE_KEY, k);
    else window.localStorage.removeItem(STORAGE_KEY);
    setKeyState(k);
  };
  return [key, setKey];
}
