'use client';

import { useMemo } from 'react';
import { SORT_LABEL, type ListRow, type SortKey } from '@/lib/fleet/list';
import { STATUS_LABEL, VEHICLE_STATUSES, type VehicleStatus } from '@/lib/fleet/status';

interface Props {
  rows: readonly ListRow[];
  text: string;
  onText: (text: string) => void;
  statuses: ReadonlySet<VehicleStatus>;
  onStatuses: (statuses: ReadonlySet<VehicleStatus>) => void;
  sort: SortKey;
  onSort: (sort: SortKey) => void;
}

/** Search, status filter (with counts) and sort order of the vehicle list. */
export function ListControls(p: Props) {
  const counts = useMemo(() => countStatuses(p.rows), [p.rows]);
  const toggle = (status: VehicleStatus) => {
    const next = new Set(p.statuses);
    if (!next.delete(status)) next.add(status);
    p.onStatuses(next);
  };

  return (
    <div className="list-controls" role="search" aria-label="Find vehicles">
      <input
        type="search"
        className="list-search"
        aria-label="Search vehicles"
        placeholder="Search name, id or route"
        value={p.text}
        onChange={(e) => p.onText(e.target.value)}
      />
      <div className="chips" role="group" aria-label="Show status">
        {VEHICLE_STATUSES.map((status) => (
          <button
            key={status}
            type="button"
            className="chip"
            aria-pressed={p.statuses.has(status)}
            onClick={() => toggle(status)}
          >
            <span className="status-dot" data-status={status} aria-hidden />
            {STATUS_LABEL[status]}
            <span className="chip-count">{counts.get(status) ?? 0}</span>
          </button>
        ))}
      </div>
      <label className="list-sort">
        <span className="muted">Sort</span>
        <select value={p.sort} onChange={(e) => p.onSort(e.target.value as SortKey)}>
          {(Object.keys(SORT_LABEL) as SortKey[]).map((key) => (
            <option key={key} value={key}>
              {SORT_LABEL[key]}
            </option>
          ))}
        </select>
      </label>
    </div>
  );
}

function countStatuses(rows: readonly ListRow[]): Map<VehicleStatus, number> {
  const counts = new Map<VehicleStatus, number>();
  for (const r of rows) counts.set(r.status, (counts.get(r.status) ?? 0) + 1);
  return counts;
}
