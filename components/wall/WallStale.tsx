'use client';

import { formatAge } from '@/lib/fleet/format';
import type { ConnectionStatus } from '@/lib/store/fleet-store';
import { useFleet } from '../fleet-store-context';
import { useClock } from '../use-clock';
import { useLastData } from './use-last-data';

const HEADLINE: Record<Exclude<ConnectionStatus, 'live'>, string> = {
  connecting: 'Connecting…',
  reconnecting: 'Connection lost',
  offline: 'Offline',
  unauthorized: 'Not allowed',
};

/**
 * Across the whole stage when what the wall shows cannot be trusted: the
 * connection is down, or nothing new has come for `staleMs`. Big enough
 * to read from the back of the room; the data stays dimmed behind it.
 */
export function WallStale({
  staleMs,
  onForget,
}: {
  staleMs: number;
  onForget: () => void;
}) {
  const status = useFleet((s) => s.connection);
  const detail = useFleet((s) => s.connectionDetail);
  const last = useLastData();
  const now = useClock();
  const age = now === 0 ? 0 : now - last;

  if (status === 'live' && age < staleMs) return null;
  const stale = status === 'live';
  return (
    <div className="wall-stale" role="alert" data-kind={stale ? 'stale' : status}>
      <div className="wall-stale-box">
        <p className="wall-stale-title">{stale ? 'No new data' : HEADLINE[status]}</p>
        <p className="wall-stale-detail">
          {stale ? `Nothing has arrived for ${formatAge(age)}.` : detail}
        </p>
        {status !== 'connecting' && (
          <p className="wall-stale-age">
            What you see is {formatAge(age)} old and may be out of date.
          </p>
        )}
        {status === 'unauthorized' && (
          <button type="button" onClick={onForget}>
            Use another key
          </button>
        )}
      </div>
    </div>
  );
}
