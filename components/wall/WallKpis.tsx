'use client';

import { useMemo } from 'react';
import { isOpen, isRinging } from '@/lib/alerts/alert';
import { vehicleStatus } from '@/lib/fleet/status';
import type { FleetMetricsPayload } from '@/lib/protocol';
import { useFleet } from '../fleet-store-context';
import { useClock } from '../use-clock';

interface Kpi {
  label: string;
  value: string;
  unit?: string;
  /** Below the value, smaller: a trend or a part of the whole. */
  note?: string;
  tone?: 'danger' | 'good';
}

/**
 * The fleet's numbers as a board of big tiles: vehicles on the road now,
 * the open alerts, and the newest fleet_metrics period.
 */
export function WallKpis() {
  const live = useLiveKpis();
  const latest = useFleet((s) => s.metrics.at(-1));
  const kpis = [...live, ...periodKpis(latest)];

  return (
    <section className="wall-kpis" aria-label="Fleet metrics board">
      <dl>
        {kpis.map((k) => (
          <div className="wall-kpi" key={k.label} data-tone={k.tone}>
            <dt>{k.label}</dt>
            <dd>
              <span className="wall-kpi-value" data-testid={`kpi-${k.label}`}>
                {k.value}
                {k.unit && <span className="unit"> {k.unit}</span>}
              </span>
              {k.note && <span className="wall-kpi-note">{k.note}</span>}
            </dd>
          </div>
        ))}
      </dl>
      {!latest && (
        <p className="wall-kpis-wait">Fleet metrics arrive once a period has ended.</p>
      )}
    </section>
  );
}

function useLiveKpis(): Kpi[] {
  const vehicles = useFleet((s) => s.vehicles);
  const alerts = useFleet((s) => s.alerts);
  const now = useClock();
  const counts = useMemo(() => {
    let moving = 0;
    let reporting = 0;
    const all = Object.values(vehicles);
    for (const v of all) {
      const status = vehicleStatus(v, now);
      if (status !== 'stale') reporting++;
      if (status === 'moving') moving++;
    }
    return { total: all.length, reporting, moving };
  }, [vehicles, now]);
  const open = useMemo(() => alerts.filter(isOpen), [alerts]);
  const waiting = open.filter(isRinging).length;

  return [
    {
      label: 'Vehicles reporting',
      value: String(counts.reporting),
      note: `of ${counts.total}`,
    },
    { label: 'Moving now', value: String(counts.moving) },
    {
      label: 'Open alerts',
      value: String(open.length),
      note: waiting > 0 ? `${waiting} waiting` : 'none waiting',
      ...(waiting > 0 && { tone: 'danger' as const }),
    },
  ];
}

function periodKpis(latest: FleetMetricsPayload | undefined): Kpi[] {
  const m = latest?.metrics;
  const t = latest?.performance_trends;
  const dash = '—';
  const kpis: Kpi[] = [
    {
      label: 'Active vehicles',
      value: m ? String(m.active_vehicles) : dash,
      ...(t && { note: t.utilization_trend }),
    },
    { label: 'Trips started', value: m ? String(m.total_trips) : dash },
    { label: 'Stops served', value: m ? String(m.completed_deliveries) : dash },
    {
      label: 'Average speed',
      value: m ? String(m.average_speed) : dash,
      unit: 'km/h',
      ...(t && { note: t.efficiency_trend }),
    },
    punctualityOrFuel(m),
    {
      label: 'Safety score',
      value: m ? String(m.safety_score) : dash,
      ...(t && { note: t.safety_trend }),
    },
  ];
  return kpis;
}

/** On-time share where stops are timetabled, else fuel economy. */
function punctualityOrFuel(m: FleetMetricsPayload['metrics'] | undefined): Kpi {
  if (m?.on_time_percentage !== undefined) {
    return { label: 'On time', value: String(m.on_time_percentage), unit: '%' };
  }
  if (m?.fuel_efficiency !== undefined) {
    return { label: 'Fuel', value: String(m.fuel_efficiency), unit: 'L/100 km' };
  }
  return { label: 'On time', value: '—' };
}
