'use client';

import { memo, useEffect, useMemo, useRef } from 'react';
import { formatAge, formatSpeed, vehicleLabel } from '@/lib/fleet/format';
import { vehicleStatus, STATUS_LABEL } from '@/lib/fleet/status';
import type { Vehicle } from '@/lib/fleet/vehicle';
import { useFleet } from './fleet-store-context';
import { useNow } from './use-now';

/** The fleet's vehicles with speed and last-fix age; a click selects one. */
export function VehicleList() {
  const vehicles = useFleet((s) => s.vehicles);
  const selectedId = useFleet((s) => s.selectedId);
  const select = useFleet((s) => s.select);
  const labels = useFleet((s) => s.labels);
  const now = useNow(1000);
  const sorted = useMemo(
    () =>
      Object.values(vehicles).sort((a, b) =>
        a.id.localeCompare(b.id, 'en', { numeric: true }),
      ),
    [vehicles],
  );

  return (
    <nav className="vehicle-list" aria-label="Vehicles">
      <h2>
        Vehicles <span data-testid="vehicle-count">{sorted.length}</span>
      </h2>
      <ul>
        {sorted.map((v) => (
          <VehicleRow
            key={v.id}
            vehicle={v}
            label={labels[v.id] ?? vehicleLabel(v.id)}
            now={now}
            selected={v.id === selectedId}
            onSelect={select}
          />
        ))}
      </ul>
    </nav>
  );
}

interface RowProps {
  vehicle: Vehicle;
  label: string;
  now: number;
  selected: boolean;
  onSelect: (id: string | null) => void;
}

const VehicleRow = memo(function VehicleRow({
  vehicle: v,
  label,
  now,
  selected,
  onSelect,
}: RowProps) {
  const ref = useRef<HTMLButtonElement>(null);
  const status = vehicleStatus(v, now);

  // A vehicle picked on the map scrolls into view in the list.
  useEffect(() => {
    if (selected) ref.current?.scrollIntoView({ block: 'nearest' });
  }, [selected]);

  const route = v.routeId ? `Route ${v.routeId}` : '';
  return (
    <li>
      <button
        ref={ref}
        type="button"
        className="vehicle-row"
        aria-pressed={selected}
        data-vehicle-id={v.id}
        onClick={() => onSelect(selected ? null : v.id)}
      >
        <span className="status-dot" data-status={status} title={STATUS_LABEL[status]} />
        <span>
          <span className="vehicle-name">{label}</span>
          <br />
          <span className="vehicle-meta">
            {route && `${route} · `}
            {STATUS_LABEL[status]} · {formatAge(now - v.deviceTime)} ago
          </span>
        </span>
        <span className="vehicle-speed">{formatSpeed(v.speed)}</span>
      </button>
    </li>
  );
});
