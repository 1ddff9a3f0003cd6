'use client';

import { useCallback, useEffect, useState } from 'react';
import { isAbort } from '@/lib/api/client';

/**
 * A list an admin view reads from REST and reads again after each change
 * it makes. `read` must keep its identity between renders (useCallback);
 * `what` names the list in the error ("The devices could not be read").
 */
export function useAdminList<T>(
  read: (signal?: AbortSignal) => Promise<T[]>,
  what: string,
): { items: T[] | null; error: string | null; load: () => Promise<void> } {
  const [items, setItems] = useState<T[] | null>(null);
  const [error, setError] = useState<string | null>(null);

  const fetchList = useCallback(
    (signal?: AbortSignal) =>
      read(signal).then(
        (list) => {
          setItems(list);
          setError(null);
        },
        (e: unknown) => {
          if (!isAbort(e)) setError(`The ${what} could not be read: ${String(e)}`);
        },
      ),
    [read, what],
  );

  useEffect(() => {
    const ctrl = new AbortController();
    void fetchList(ctrl.signal);
    return () => ctrl.abort();
  }, [fetchList]);

  const load = useCallback(() => fetchList(), [fetchList]);
  return { items, error, load };
}
