'use client';

import { useMemo } from 'react';
import {
  CartesianGrid,
  Line,
  LineChart,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import { formatClock } from '@/lib/fleet/format';
import { useFleet } from '../fleet-store-context';

/**
 * Active vehicles and average speed per metrics period. The store caps the
 * history (120 periods) and animation is off, so a streaming chart never
 * restarts its animation or grows without bound.
 */
export function MetricsChart() {
  const metrics = useFleet((s) => s.metrics);
  const timeZone = useFleet((s) => s.fleet?.timezone);
  const data = useMemo(
    () =>
      metrics.map((m) => ({
        at: Date.parse(m.period.end),
        active: m.metrics.active_vehicles,
        speed: m.metrics.average_speed,
      })),
    [metrics],
  );
  if (data.length < 2) return null;
  return (
    <div className="chart" aria-label="Active vehicles and average speed over time">
      <ResponsiveContainer width="100%" height={150}>
        <LineChart data={data} margin={{ top: 8, right: 8, bottom: 0, left: -16 }}>
          <CartesianGrid strokeDasharray="3 3" stroke="var(--border)" />
          <XAxis
            dataKey="at"
            type="number"
            domain={['dataMin', 'dataMax']}
            tickFormatter={(ms: number) => formatClock(ms, timeZone).slice(0, 5)}
            fontSize={11}
          />
          <YAxis yAxisId="n" fontSize={11} allowDecimals={false} />
          <YAxis yAxisId="kmh" orientation="right" fontSize={11} hide />
          <Tooltip labelFormatter={(ms) => formatClock(Number(ms), timeZone)} />
          <Line
            yAxisId="n"
            dataKey="active"
            name="Active vehicles"
            stroke="var(--accent)"
            dot={false}
            isAnimationActive={false}
          />
          <Line
            yAxisId="kmh"
            dataKey="speed"
            name="Average speed (km/h)"
            stroke="var(--moving)"
            dot={false}
            isAnimationActive={false}
          />
        </LineChart>
      </ResponsiveContainer>
    </div>
  );
}
