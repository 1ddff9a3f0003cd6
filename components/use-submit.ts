'use client';

import { useCallback, useState } from 'react';

/**
 * What every admin form does around its request: busy while it runs,
 * the error it ended with (its message, shown beside the form) cleared
 * on the next try. `run` answers whether the task succeeded.
 */
export function useSubmit(): {
  busy: boolean;
  error: string | null;
  run: (task: () => Promise<void>) => Promise<boolean>;
} {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const run = useCallback(async (task: () => Promise<void>) => {
    setBusy(true);
    setError(null);
    try {
      await task();
      return true;
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
      return false;
    } finally {
      setBusy(false);
    }
  }, []);

  return { busy, error, run };
}
