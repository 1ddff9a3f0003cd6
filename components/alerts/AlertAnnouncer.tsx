'use client';

import { useEffect, useState } from 'react';
import { isUrgent } from '@/lib/alerts/alert';
import { announcement } from '@/lib/alerts/describe';
import { vehicleLabel } from '@/lib/fleet/format';
import { useFleetStoreApi } from '../fleet-store-context';

/**
 * Tells screen readers of each alert the stream raises: politely for low
 * and medium ones, at once for high and critical. Both regions are in the
 * page from the start; a region added with its text is not read out.
 */
export function AlertAnnouncer() {
  const store = useFleetStoreApi();
  const [said, setSaid] = useState({ polite: '', assertive: '' });

  useEffect(
    () =>
      store.subscribe((s, prev) => {
        const alert = s.raised;
        if (!alert || alert === prev.raised) return;
        const text = announcement(
          alert,
          s.labels[alert.vehicleId] ?? vehicleLabel(alert.vehicleId),
        );
        setSaid(
          isUrgent(alert)
            ? { polite: '', assertive: text }
            : { polite: text, assertive: '' },
        );
      }),
    [store],
  );

  return (
    <div className="visually-hidden">
      <div role="status" aria-live="polite" data-testid="alert-announcer-polite">
        {said.polite}
      </div>
      <div role="alert" aria-live="assertive" data-testid="alert-announcer-assertive">
        {said.assertive}
      </div>
    </div>
  );
}
