'use client';

import { formatAge, formatCountdown, formatStamp } from '@/lib/fleet/format';
import { useFleet } from '../fleet-store-context';
import { useClock } from '../use-clock';

/** The server's time now, from this browser's clock and the last snapshot. */
function useServerNow(): number {
  const offset = useFleet((s) => s.clockOffset);
  return useClock() + offset;
}

/** "14:05 CST" in the fleet's zone, with the day when it is not today. */
export function FleetTime({ at }: { at: number }) {
  const zone = useFleet((s) => s.fleet?.timezone);
  const now = useClock();
  return (
    <time dateTime={new Date(at).toISOString()}>{formatStamp(at, zone, now || at)}</time>
  );
}

/** "3 min ago", ticking. */
export function Ago({ at }: { at: number }) {
  const now = useServerNow();
  return <>{formatAge(now - at)} ago</>;
}

/**
 * "escalates in 1:42", ticking down to the server's due time; once due,
 * "escalating now" until the server's message of the new level arrives.
 */
export function Countdown({ to, label }: { to: number; label: string }) {
  const left = to - useServerNow();
  if (left <= 0) return <span className="countdown due">{label} now</span>;
  return (
    <span className="countdown" role="timer">
      {label} in {formatCountdown(left)}
    </span>
  );
}
