'use client';

import type { FleetAlert } from '@/lib/alerts/alert';
import { describeAlert } from '@/lib/alerts/describe';
import { humanize, vehicleLabel } from '@/lib/fleet/format';
import { Ago } from '../alerts/AlertTimes';
import { useFleet } from '../fleet-store-context';

/**
 * The alert that holds the wall, in the biggest type on it: what, which
 * vehicle, since when, and how many more wait behind it.
 */
export function AlarmSpotlight({ alert, others }: { alert: FleetAlert; others: number }) {
  const label =
    useFleet((s) => s.labels[alert.vehicleId]) ?? vehicleLabel(alert.vehicleId);
  const what = describeAlert(alert);

  return (
    <section
      className="wall-spotlight"
      aria-label="Alert waiting for acknowledgement"
      data-alert-id={alert.id}
      data-severity={alert.severity}
    >
      <p className="wall-spotlight-severity">{alert.severity}</p>
      <div className="wall-spotlight-main">
        <p className="wall-spotlight-title">
          {humanize(alert.category)} · {label}
        </p>
        <p className="wall-spotlight-detail">
          {what && <>{what} · </>}raised <Ago at={alert.raisedAt} /> · not acknowledged
          {others > 0 && <> · {others} more waiting</>}
        </p>
      </div>
    </section>
  );
}
