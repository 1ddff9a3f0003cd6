'use client';

import { useEffect, useState } from 'react';
import { ApiError, isAbort } from '@/lib/api/client';

export type Fetched<T> =
  | { status: 'loading' }
  | { status: 'ready'; data: T }
  | { status: 'error'; message: string };

/**
 * One REST read that starts again whenever `read` changes identity (wrap it
 * in useCallback); the previous read is aborted so a late answer never
 * overwrites a newer one. `keep` leaves the last data up while reloading.
 */
export function useFetched<T>(
  read: (signal: AbortSignal) => Promise<T>,
  opts: { keep?: boolean } = {},
): Fetched<T> {
  // Each answer remembers the read it came from: a newer read shows as
  // loading until its own answer arrives, unless `keep` is asked.
  const [state, setState] = useState<{ of: unknown; fetched: Fetched<T> }>({
    of: null,
    fetched: { status: 'loading' },
  });

  useEffect(() => {
    const ctrl = new AbortController();
    read(ctrl.signal).then(
      (data) => setState({ of: read, fetched: { status: 'ready', data } }),
      (e: unknown) => {
        if (isAbort(e) || ctrl.signal.aborted) return;
        const message = e instanceof ApiError ? e.message : String(e);
        setState({ of: read, fetched: { status: 'error', message } });
      },
    );
    return () => ctrl.abort();
  }, [read]);

  if (state.of !== read && !opts.keep) return { status: 'loading' };
  return state.fetched;
}
