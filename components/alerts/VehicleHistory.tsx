'use client';

import { useMemo } from 'react';
import { historyOf } from '@/lib/alerts/filter';
import { vehicleLabel } from '@/lib/fleet/format';
import { Dialog } from '../Dialog';
import { useFleet } from '../fleet-store-context';
import { AlertCard } from './AlertCard';

/** Every alert of one vehicle the page holds, newest first, in a side sheet. */
export function VehicleHistory({
  vehicleId,
  onClose,
}: {
  vehicleId: string | null;
  onClose: () => void;
}) {
  const alerts = useFleet((s) => s.alerts);
  const label = useFleet((s) => (vehicleId ? s.labels[vehicleId] : undefined));
  const name = vehicleId ? (label ?? vehicleLabel(vehicleId)) : '';
  const history = useMemo(
    () => (vehicleId ? historyOf(alerts, vehicleId) : []),
    [alerts, vehicleId],
  );

  return (
    <Dialog
      open={vehicleId !== null}
      title={`${name}: alert history`}
      onClose={onClose}
      className="sheet"
    >
      <p className="muted">
        {history.length} {history.length === 1 ? 'alert' : 'alerts'}, newest first
      </p>
      <ul className="alert-list">
        {history.map((a) => (
          <li key={a.id}>
            <AlertCard alert={a} compact />
          </li>
        ))}
      </ul>
    </Dialog>
  );
}
