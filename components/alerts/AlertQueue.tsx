'use client';

import { useMemo, useState } from 'react';
import {
  countByStatus,
  DEFAULT_FILTER,
  filterAlerts,
  type AlertFilter,
} from '@/lib/alerts/filter';
import { vehicleLabel } from '@/lib/fleet/format';
import { useFleet } from '../fleet-store-context';
import { useClock } from '../use-clock';
import { useIsAdmin } from '../use-identity';
import { AlertCard } from './AlertCard';
import { AlertFilters } from './AlertFilters';
import { VehicleHistory } from './VehicleHistory';

/** Cards rendered at once; more on request, so a long history stays quick. */
const PAGE = 100;

/** The fleet's alerts, filtered; a vehicle's name opens its history. */
export function AlertQueue() {
  const alerts = useFleet((s) => s.alerts);
  const labels = useFleet((s) => s.labels);
  const loaded = useFleet((s) => s.alertsLoaded);
  const error = useFleet((s) => s.alertsError);
  const admin = useIsAdmin();
  const [filter, setFilter] = useState<AlertFilter>(DEFAULT_FILTER);
  const [limit, setLimit] = useState(PAGE);
  const [history, setHistory] = useState<string | null>(null);
  // The time range only needs the minute; the list need not re-render each second.
  const minute = Math.floor(useClock() / 60_000) * 60_000;

  const vehicles = useMemo(() => {
    const ids = new Set(alerts.map((a) => a.vehicleId));
    return [...ids]
      .map((id) => ({ id, label: labels[id] ?? vehicleLabel(id) }))
      .sort((a, b) => a.label.localeCompare(b.label, 'en', { numeric: true }));
  }, [alerts, labels]);
  // Each status tab counts what it would show with the other filters kept.
  const counts = useMemo(
    () =>
      countByStatus(filterAlerts(alerts, { ...filter, status: 'all' }, minute + 60_000)),
    [alerts, filter, minute],
  );
  const shown = useMemo(
    () => filterAlerts(alerts, filter, minute + 60_000),
    [alerts, filter, minute],
  );

  return (
    <section className="queue" aria-label="Alert queue">
      {error && <p className="form-error">{error}</p>}
      <p className="muted list-summary">
        {loaded || alerts.length > 0
          ? `${shown.length} ${shown.length === 1 ? 'alert' : 'alerts'}`
          : 'Loading alerts…'}
      </p>
      <AlertFilters
        filter={filter}
        counts={counts}
        vehicles={vehicles}
        onChange={(f) => {
          setFilter(f);
          setLimit(PAGE);
        }}
      />
      {loaded && shown.length === 0 && (
        <p className="empty">No alerts match these filters.</p>
      )}
      <ul className={admin ? 'alert-list wide acts' : 'alert-list wide'}>
        {shown.slice(0, limit).map((a) => (
          <li key={a.id}>
            <AlertCard alert={a} onVehicle={setHistory} />
          </li>
        ))}
      </ul>
      {shown.length > limit && (
        <button
          type="button"
          className="button subtle more"
          onClick={() => setLimit((n) => n + PAGE)}
        >
          Show {Math.min(PAGE, shown.length - limit)} more
        </button>
      )}
      <VehicleHistory vehicleId={history} onClose={() => setHistory(null)} />
    </section>
  );
}
