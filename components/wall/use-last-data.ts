'use client';

import { useEffect, useState } from 'react';
import { useFleetStoreApi } from '../fleet-store-context';

/** Finer than this a wall's "seconds since data" has no use. */
const RESOLUTION_MS = 1000;

/**
 * When this page last received anything of its fleet (positions,
 * metrics, alerts), epoch ms; the page's start before the first. This
 * browser's own receipt time, not device time: a replay or a device with
 * a wrong clock cannot make stale data look fresh.
 */
export function useLastData(): number {
  const store = useFleetStoreApi();
  const [last, setLast] = useState(() => Date.now());

  useEffect(
    () =>
      store.subscribe((s, p) => {
        if (
          s.vehicles === p.vehicles &&
          s.metrics === p.metrics &&
          s.alerts === p.alerts
        ) {
          return;
        }
        const now = Date.now();
        // Same state, no render: four batches a second cost one render.
        setLast((prev) => (now - prev < RESOLUTION_MS ? prev : now));
      }),
    [store],
  );

  return last;
}
