'use client';

import { formatClock } from '@/lib/fleet/format';
import { useFleet } from './fleet-store-context';

/**
 * Says that what the page shows is the offline copy, and from when,
 * until the server's snapshot replaces it.
 */
export function StaleNotice() {
  const staleSince = useFleet((s) => s.staleSince);
  const zone = useFleet((s) => s.fleet?.timezone);
  if (staleSince === null) return null;
  return (
    <p className="stale-notice">
      Showing data saved at {formatClock(staleSince, zone)} — offline
    </p>
  );
}
