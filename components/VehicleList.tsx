'use client';

import { memo, useEffect, useMemo, useRef } from 'react';
import { formatAge, formatSpeed, vehicleLabel } from '@/lib/fleet/format';
import { vehicleStatus, STATUS_LABEL } from '@/lib/fleet/status';
import type { Vehicle } from '@/lib/fleet/vehicle';
import type { TripEventPayload } from '@/lib/protocol';
import { useFleet } from './fleet-store-context';
import { useNow } from './use-now';

/** The fleet's vehicles with speed and last-fix age; a click selects one. */
export function VehicleList() {
  const vehicles = useFleet((s) => s.vehicles);
  const selectedId = useFleet((s) => s.selectedId);
  const select = useFleet((s) => s.select);
  const labels = useFleet((s) => s.labels);
  const details = useFleet((s) => s.details);
  const rosterSize = useFleet((s) => Object.keys(s.labels).length);
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
        {rosterSize > sorted.length && (
          <span className="muted"> of {rosterSize} reporting</span>
        )}
      </h2>
      <ul>
        {sorted.map((v) => (
          <VehicleRow
            key={v.id}
            vehicle={v}
            label={labels[v.id] ?? vehicleLabel(v.id)}
            trip={tripText(details[v.id]?.trip)}
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
  trip: string;
  now: number;
  selected: boolean;
  onSelect: (id: string | null) => void;
}

const VehicleRow = memo(function VehicleRow({
  vehicle: v,
  label,
  trip,
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
            {trip && `${trip} · `}
            {STATUS_LABEL[status]} · {formatAge(now - v.deviceTime)} ago
          </span>
        </span>
        <span className="vehicle-speed">{formatSpeed(v.speed)}</span>
      </button>
    </li>
  );
});

/** The newest trip event of a vehicle, in a few words. */
function tripText(e: TripEventPayload | undefined): string {
  if (!e) return '';
  if (e.event === 'trip_started') return 'Trip started';
  if (e.event === 'trip_completed') return 'Trip done';
  if (e.event === 'waypoint_reached') {
    const late = e.waypoint?.delay_minutes;
    return late === undefined || late === 0
      ? 'On time'
      : late > 0
        ? `${late} min late`
        : `${-late} min early`;
  }
  return '';
}
