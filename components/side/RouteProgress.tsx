import { formatClock } from '@/lib/fleet/format';
import { formatDistance, type UnitSystem } from '@/lib/geo/units';
import type { RouteProgressPayload } from '@/lib/protocol';

/** How far along its route a vehicle is, its next stop and when it ends. */
export function RouteProgress({
  progress: p,
  units,
  timeZone,
}: {
  progress: RouteProgressPayload;
  units: UnitSystem;
  timeZone: string | undefined;
}) {
  const percent = Math.round(Math.min(100, Math.max(0, p.completion_percentage)));
  return (
    <div className="progress-block">
      <div
        className="progress"
        role="progressbar"
        aria-label="Route progress"
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={percent}
      >
        <span style={{ width: `${percent}%` }} />
      </div>
      <p className="muted">
        {percent}% · {p.completed_stops} of {p.completed_stops + p.remaining_stops} stops
        · {formatDistance(p.distance_remaining, units)} to go
      </p>
      {p.next_stop_name && (
        <p>
          Next stop: <strong>{p.next_stop_name}</strong>
          {p.next_stop_eta &&
            ` · ETA ${formatClock(Date.parse(p.next_stop_eta), timeZone)}`}
        </p>
      )}
      {p.eta && (
        <p className="muted">Trip ends {formatClock(Date.parse(p.eta), timeZone)}</p>
      )}
      {p.delay_minutes !== undefined && (
        <p className="muted" data-late={p.delay_minutes > 0 || undefined}>
          {p.delay_minutes > 0
            ? `${p.delay_minutes} min late`
            : p.delay_minutes < 0
              ? `${-p.delay_minutes} min early`
              : 'On schedule'}
        </p>
      )}
    </div>
  );
}
