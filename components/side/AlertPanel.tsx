'use client';

import { formatClock, humanize, vehicleLabel } from '@/lib/fleet/format';
import type { AlertItem } from '@/lib/store/events';
import { useFleet } from '../fleet-store-context';

/** The newest safety and maintenance alerts; new ones are announced. */
export function AlertPanel() {
  const alerts = useFleet((s) => s.alerts);
  const labels = useFleet((s) => s.labels);
  const timeZone = useFleet((s) => s.fleet?.timezone);
  const select = useFleet((s) => s.select);

  return (
    <section className="panel" aria-labelledby="alerts-title">
      <h2 id="alerts-title">
        Alerts <span className="muted">{alerts.length}</span>
      </h2>
      {alerts.length === 0 && <p className="muted panel-note">No alerts.</p>}
      <ul className="alert-list" aria-live="polite" aria-relevant="additions">
        {alerts.slice(0, 30).map((a) => (
          <li key={a.id}>
            <button
              type="button"
              className="alert-row"
              data-severity={a.payload.severity}
              onClick={() => select(a.payload.vehicle_id)}
            >
              <span className="badge" data-severity={a.payload.severity}>
                {a.payload.severity}
              </span>
              <span>
                <strong>{humanize(a.payload.category)}</strong>
                <AlertState payload={a.payload} />
                <br />
                <span className="muted">
                  {labels[a.payload.vehicle_id] ?? vehicleLabel(a.payload.vehicle_id)} ·{' '}
                  {formatClock(a.at, timeZone)}
                  {a.payload.location?.address && ` · ${a.payload.location.address}`}
                </span>
              </span>
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}

function AlertState({ payload }: { payload: AlertItem['payload'] }) {
  const status = payload.status ?? (payload.auto_resolved ? 'resolved' : 'active');
  if (status === 'active') return null;
  return <span className="muted"> · {status}</span>;
}
