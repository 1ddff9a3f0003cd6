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
import { metricSeries } from '@/lib/fleet/metric-series';
import { speedUnit } from '@/lib/geo/units';
import { useFleet } from '../fleet-store-context';
import { useUnits } from '../use-units';

/**
 * Active vehicles and average speed per metrics period. The series is
 * windowed and downsampled (metricSeries) and animation is off, so a
 * streaming chart neither restarts its animation on every period nor
 * draws more points than it has room for (field case C29).
 */
export function MetricsChart() {
  const metrics = useFleet((s) => s.metrics);
  const timeZone = useFleet((s) => s.fleet?.timezone);
  const [units] = useUnits();
  const data = useMemo(() => metricSeries(metrics, units), [metrics, units]);
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
          <Tooltip
            isAnimationActive={false}
            labelFormatter={(ms) => formatClock(Number(ms), timeZone)}
            formatter={(value) => (typeof value === 'number' ? Math.round(value) : value)}
            contentStyle={{ background: 'var(--panel)', borderColor: 'var(--border)' }}
          />
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
            name={`Average speed (${speedUnit(units)})`}
            stroke="var(--moving)"
            dot={false}
            isAnimationActive={false}
          />
        </LineChart>
      </ResponsiveContainer>
    </div>
  );
}
