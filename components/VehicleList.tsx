'use client';

import { useMemo, useState } from 'react';
import { vehicleLabel } from '@/lib/fleet/format';
import { queryRows, type ListRow, type SortKey } from '@/lib/fleet/list';
import { alertingVehicles, vehicleStatus, type VehicleStatus } from '@/lib/fleet/status';
import { useFleet, useFleetStoreApi } from './fleet-store-context';
import { ListControls } from './list/ListControls';
import { VehicleRows } from './list/VehicleRows';
import { useNow } from './use-now';

/**
 * The fleet's vehicles: searched, filtered by status and sorted, with
 * only the rows in view in the DOM. A click or Enter selects one; a
 * vehicle selected on the map scrolls into view.
 */
export function VehicleList() {
  const [text, setText] = useState('');
  const [statuses, setStatuses] = useState<ReadonlySet<VehicleStatus>>(new Set());
  const [sort, setSort] = useState<SortKey>('name');
  const rosterSize = useFleet((s) => Object.keys(s.labels).length);
  const now = useNow(1000);
  const rows = useRows(now);
  const shown = useMemo(
    () => queryRows(rows, { text, statuses, sort }),
    [rows, text, statuses, sort],
  );

  return (
    <section className="vehicle-list" aria-labelledby="vehicles-title">
      <h2 id="vehicles-title">
        Vehicles <span data-testid="vehicle-count">{rows.length}</span>
        {rosterSize > rows.length && (
          <span className="muted"> of {rosterSize} reporting</span>
        )}
      </h2>
      <ListControls
        rows={rows}
        text={text}
        onText={setText}
        statuses={statuses}
        onStatuses={setStatuses}
        sort={sort}
        onSort={setSort}
      />
      {shown.length < rows.length && (
        <p className="muted list-note" role="status">
          {shown.length} shown
        </p>
      )}
      <VehicleRows rows={shown} now={now} />
    </section>
  );
}

/**
 * Every reporting vehicle as a list row, refreshed with the clock only:
 * a fleet of thousands sends several batches a second, and building and
 * sorting every row for each would cost more than a second-old row does.
 */
function useRows(now: number): ListRow[] {
  const store = useFleetStoreApi();
  const labels = useFleet((s) => s.labels);
  const details = useFleet((s) => s.details);
  const alerts = useFleet((s) => s.alerts);
  // The same rule as the map's colours: an open high or critical alert.
  const alerting = useMemo(() => alertingVehicles(alerts), [alerts]);
  return useMemo(
    () =>
      Object.values(store.getState().vehicles).map((v) => {
        const row: ListRow = {
          id: v.id,
          label: labels[v.id] ?? vehicleLabel(v.id),
          status: vehicleStatus(v, now, undefined, alerting.has(v.id)),
          deviceTime: v.deviceTime,
        };
        if (v.routeId !== undefined) row.routeId = v.routeId;
        if (v.speed !== undefined) row.speed = v.speed;
        const delay = details[v.id]?.progress?.delay_minutes;
        if (delay !== undefined) row.delay = delay;
        return row;
      }),
    [store, labels, details, alerting, now],
  );
}
