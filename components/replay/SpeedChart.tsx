'use client';

import { useMemo, useRef } from 'react';
import {
  CartesianGrid,
  Line,
  LineChart,
  ReferenceLine,
  ResponsiveContainer,
  XAxis,
  YAxis,
} from 'recharts';
import { formatSeconds } from '@/lib/replay/zoned-time';
import type { ReplayPoint } from '@/lib/replay/track';

interface ChartState {
  activeTooltipIndex?: number | string | null | undefined;
}

/**
 * Speed along the trip with a line at the cursor. Clicking the chart, or
 * dragging across it, moves the cursor there.
 */
export function SpeedChart({
  points,
  t,
  timeZone,
  onSeek,
}: {
  points: readonly ReplayPoint[];
  t: number;
  timeZone: string | undefined;
  onSeek: (t: number) => void;
}) {
  const data = useMemo(
    () => points.map((p) => ({ t: p.t, speed: p.speed ?? null })),
    [points],
  );
  const dragging = useRef(false);
  const seekTo = (state: ChartState) => {
    const i = Number(state.activeTooltipIndex);
    const row = Number.isInteger(i) ? data[i] : undefined;
    if (row) onSeek(row.t);
  };

  return (
    <div
      className="replay-chart"
      data-testid="speed-chart"
      aria-label="Speed over the trip; click or drag to move the replay"
      onMouseLeave={() => (dragging.current = false)}
    >
      <span className="replay-chart-title">Speed, km/h</span>
      <ResponsiveContainer width="100%" height={130}>
        <LineChart
          data={data}
          margin={{ top: 6, right: 16, bottom: 0, left: 0 }}
          onMouseDown={(state: ChartState) => {
            dragging.current = true;
            seekTo(state);
          }}
          onMouseMove={(state: ChartState) => {
            if (dragging.current) seekTo(state);
          }}
          onMouseUp={() => (dragging.current = false)}
        >
          <CartesianGrid strokeDasharray="3 3" stroke="var(--border)" />
          <XAxis
            dataKey="t"
            type="number"
            domain={['dataMin', 'dataMax']}
            tickFormatter={(ms: number) => formatSeconds(ms, timeZone).slice(0, 8)}
            fontSize={11}
          />
          <YAxis fontSize={11} width={40} />
          <Line
            dataKey="speed"
            name="Speed (km/h)"
            stroke="var(--moving)"
            dot={false}
            connectNulls
            isAnimationActive={false}
          />
          <ReferenceLine
            x={t}
            stroke="var(--danger)"
            strokeWidth={2}
            ifOverflow="hidden"
          />
        </LineChart>
      </ResponsiveContainer>
    </div>
  );
}
