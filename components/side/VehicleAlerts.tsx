'use client';

import { useMemo } from 'react';
import { describeAlert } from '@/lib/alerts/describe';
import { formatStamp, humanize } from '@/lib/fleet/format';
import { useFleet } from '../fleet-store-context';
import { useClock } from '../use-clock';

/** The most a vehicle's panel lists; the alerts page has the rest. */
const SHOWN = 5;

/** A vehicle's newest alerts, whatever their state. */
export function VehicleAlerts({
  id,
  timeZone,
}: {
  id: string;
  timeZone: string | undefined;
}) {
  const alerts = useFleet((s) => s.alerts);
  const now = useClock();
  const mine = useMemo(
    () => alerts.filter((a) => a.vehicleId === id).slice(0, SHOWN),
    [alerts, id],
  );
  return (
    <div className="vehicle-alerts">
      <h3>Recent alerts</h3>
      {mine.length === 0 ? (
        <p className="muted panel-note">None.</p>
      ) : (
        <ul>
          {mine.map((a) => (
            <li key={a.id}>
              <span className="badge" data-severity={a.severity}>
                {a.severity}
              </span>
              <span>
                <strong>{humanize(a.category)}</strong> {describeAlert(a)}
                <br />
                <span className="muted">
                  {formatStamp(a.raisedAt, timeZone, now)} · {humanize(a.status)}
                </span>
              </span>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
