'use client';

import { SEVERITIES } from '@/lib/alerts/alert';
import {
  STATUS_FILTERS,
  TIME_RANGES,
  type AlertFilter,
  type StatusFilter,
  type TimeRange,
} from '@/lib/alerts/filter';
import { humanize } from '@/lib/fleet/format';
import type { Severity } from '@/lib/protocol';

const RANGE_LABEL: Record<TimeRange, string> = {
  '1h': 'Last hour',
  '6h': 'Last 6 hours',
  '24h': 'Last 24 hours',
  '7d': 'Last 7 days',
  all: 'Any time',
};

/** Status tabs with counts, severity toggles, vehicle and time pickers. */
export function AlertFilters({
  filter,
  counts,
  vehicles,
  onChange,
}: {
  filter: AlertFilter;
  counts: Record<StatusFilter, number>;
  vehicles: ReadonlyArray<{ id: string; label: string }>;
  onChange: (f: AlertFilter) => void;
}) {
  const toggle = (s: Severity) => {
    const on = filter.severities.includes(s);
    const severities = on
      ? filter.severities.filter((x) => x !== s)
      : [...filter.severities, s];
    onChange({ ...filter, severities });
  };

  return (
    <div className="filters">
      <div className="segmented" role="group" aria-label="Status">
        {STATUS_FILTERS.map((s) => (
          <button
            key={s}
            type="button"
            aria-pressed={filter.status === s}
            onClick={() => onChange({ ...filter, status: s })}
          >
            {humanize(s)} <span className="count">{counts[s]}</span>
          </button>
        ))}
      </div>
      <div className="chips" role="group" aria-label="Severity">
        {SEVERITIES.map((s) => (
          <button
            key={s}
            type="button"
            className="chip"
            data-severity={s}
            aria-pressed={filter.severities.includes(s)}
            onClick={() => toggle(s)}
          >
            {humanize(s)}
          </button>
        ))}
      </div>
      <label className="field">
        <span>Vehicle</span>
        <select
          value={filter.vehicleId ?? ''}
          onChange={(e) => onChange({ ...filter, vehicleId: e.target.value || null })}
        >
          <option value="">All vehicles</option>
          {vehicles.map((v) => (
            <option key={v.id} value={v.id}>
              {v.label}
            </option>
          ))}
        </select>
      </label>
      <label className="field">
        <span>Time</span>
        <select
          value={filter.range}
          onChange={(e) => onChange({ ...filter, range: e.target.value as TimeRange })}
        >
          {(Object.keys(TIME_RANGES) as TimeRange[]).map((r) => (
            <option key={r} value={r}>
              {RANGE_LABEL[r]}
            </option>
          ))}
        </select>
      </label>
    </div>
  );
}
