'use client';

import { useMemo } from 'react';
import { formatAge } from '@/lib/fleet/format';
import { fleetFreshness, formatDelayMs, isLate } from '@/lib/fleet/freshness';
import { useFleet, useFleetStoreApi } from './fleet-store-context';
import { Hint } from './Hint';
import { useNow } from './use-now';

const LABEL = {
  connecting: 'Connecting',
  live: 'Live',
  reconnecting: 'Reconnecting',
  offline: 'Offline',
  unauthorized: 'Not authorised',
} as const;

/**
 * Live / reconnecting / offline, how old the newest data is and how late
 * fixes reach the screen. Only the state is a live region: the ages tick
 * every second and would drown a screen reader.
 */
export function ConnectionIndicator() {
  const status = useFleet((s) => s.connection);
  const detail = useFleet((s) => s.connectionDetail);
  return (
    <div className="conn" data-status={status} title={detail ?? undefined}>
      <span className="conn-dot" aria-hidden />
      <span role="status" aria-live="polite" data-testid="connection-status">
        {LABEL[status]}
      </span>
      <FleetFreshness />
    </div>
  );
}

function FleetFreshness() {
  const newest = useFleet((s) => s.newest);
  const store = useFleetStoreApi();
  const clockOffset = useFleet((s) => s.clockOffset);
  const now = useNow(1000);
  // With the clock, not with every batch: it walks the whole fleet.
  const fresh = useMemo(
    () => fleetFreshness(Object.values(store.getState().vehicles), now, clockOffset),
    [store, now, clockOffset],
  );
  if (newest === null) {
    return (
      <span className="muted" data-testid="data-age">
        No data yet
      </span>
    );
  }
  const age = formatAge(now + clockOffset - newest);
  const tip =
    fresh.median === null
      ? `The newest position was taken ${age} ago. No vehicle has reported in the last five minutes.`
      : `The newest position was taken ${age} ago. Over the ${fresh.count} vehicles ` +
        `that reported in the last five minutes, a position reaches this screen ` +
        `${formatDelayMs(fresh.median)} after the device took it (median; the slowest ` +
        `took ${formatDelayMs(fresh.worst ?? 0)}). Delays are measured on the server's ` +
        `clock, so a wrong clock on this computer does not distort them.`;
  return (
    <Hint
      tip={tip}
      className={fresh.median !== null && isLate(fresh.median) ? 'muted late' : 'muted'}
      testId="data-age"
    >
      {age} old
      {fresh.median !== null && ` · ${formatDelayMs(fresh.median)} delay`}
    </Hint>
  );
}
