'use client';

import { useNow } from './use-now';
import { useFleet } from './fleet-store-context';
import { formatAge } from '@/lib/fleet/format';

const LABEL = {
  connecting: 'Connecting',
  live: 'Live',
  reconnecting: 'Reconnecting',
  offline: 'Offline',
  unauthorized: 'Not authorised',
} as const;

/** Live / reconnecting / offline, and how old the newest data is. */
export function ConnectionIndicator() {
  const status = useFleet((s) => s.connection);
  const detail = useFleet((s) => s.connectionDetail);
  const newest = useFleet((s) => s.newest);
  const now = useNow(1000);
  return (
    <div
      className="conn"
      data-status={status}
      role="status"
      aria-live="polite"
      title={detail ?? undefined}
    >
      <span className="conn-dot" aria-hidden />
      <span data-testid="connection-status">{LABEL[status]}</span>
      <span className="muted" data-testid="data-age">
        {newest === null ? 'no data yet' : `newest data ${formatAge(now - newest)} old`}
      </span>
    </div>
  );
}
