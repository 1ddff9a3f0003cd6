'use client';

import { speedUnit, toSpeed } from '@/lib/geo/units';
import type { FleetMetricsPayload } from '@/lib/protocol';
import { useFleet } from '../fleet-store-context';
import { useUnits } from '../use-units';

interface Tile {
  label: string;
  value: string;
  /** Set smaller than the value, so a long one ("L/100 km") still fits. */
  unit?: string;
  trend?: string;
}

/** The newest fleet_metrics period as tiles. */
export function MetricTiles() {
  const latest = useFleet((s) => s.metrics.at(-1));
  const [units] = useUnits();
  if (!latest) {
    return (
      <p className="muted panel-note">Fleet metrics arrive once a period has ended.</p>
    );
  }
  const m = latest.metrics;
  const t = latest.performance_trends;
  const tiles: Tile[] = [
    {
      label: 'Active vehicles',
      value: String(m.active_vehicles),
      trend: t.utilization_trend,
    },
    { label: 'Trips started', value: String(m.total_trips) },
    { label: 'Stops served', value: String(m.completed_deliveries) },
    {
      label: 'Average speed',
      value: String(Math.round(toSpeed(m.average_speed, units))),
      unit: speedUnit(units),
      trend: t.efficiency_trend,
    },
    ...punctualityOrFuel(m),
    { label: 'Safety score', value: String(m.safety_score), trend: t.safety_trend },
  ];
  return (
    <dl className="tiles" aria-label="Fleet metrics">
      {tiles.map((tile) => (
        <div className="tile" key={tile.label}>
          <dt>{tile.label}</dt>
          <dd>
            <span data-testid={`metric-${tile.label}`}>
              {tile.value}
              {tile.unit && <span className="unit"> {tile.unit}</span>}
            </span>
            {tile.trend && <small className="trend">{tile.trend}</small>}
          </dd>
        </div>
      ))}
    </dl>
  );
}

/** On-time share where stops are timetabled, fuel economy where it is known. */
function punctualityOrFuel(m: FleetMetricsPayload['metrics']): Tile[] {
  const tiles: Tile[] = [];
  if (m.on_time_percentage !== undefined) {
    tiles.push({ label: 'On time', value: String(m.on_time_percentage), unit: '%' });
  }
  if (m.fuel_efficiency !== undefined) {
    tiles.push({ label: 'Fuel', value: String(m.fuel_efficiency), unit: 'L/100 km' });
  }
  return tiles.length > 0 ? tiles : [{ label: 'On time', value: '—' }];
}
