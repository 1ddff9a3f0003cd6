'use client';

import { useMemo } from 'react';
import { formatClock } from '@/lib/fleet/format';
import { useFleet } from '../fleet-store-context';
import { useClock } from '../use-clock';

/** The time and date in the fleet's zone, big. */
export function WallClock() {
  const zone = useFleet((s) => s.fleet?.timezone);
  const now = useClock();
  const date = useMemo(
    () =>
      new Intl.DateTimeFormat('en-US', {
        weekday: 'long',
        month: 'long',
        day: 'numeric',
        timeZone: zone ?? 'UTC',
      }),
    [zone],
  );
  if (now === 0) return null;
  return (
    <div className="wall-clock">
      <time dateTime={new Date(now).toISOString()}>{formatClock(now, zone)}</time>
      <span>{date.format(now)}</span>
    </div>
  );
}
