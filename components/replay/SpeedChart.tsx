'use client';

import { useMemo, useRef, type PointerEvent } from 'react';
import {
  CartesianGrid,
  Line,
  LineChart,
  ReferenceLine,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import { formatSeconds } from '@/lib/replay/zoned-time';
import { splitAtGaps } from '@/lib/replay/gaps';
import type { ReplayPoint } from '@/lib/replay/track';

/** The plot's insets in the chart, px: margins plus the y axis. */
const MARGIN = { top: 6, right: 16, bottom: 0, left: 0 };
const Y_AXIS_WIDTH = 40;

/**
 * Speed along the trip with a line at the cursor. Clicking the chart, or
 * dragging across it, moves the cursor there.
 */
export function SpeedChart({
  points,
  gapMs,
  t,
  timeZone,
  onSeek,
}: {
  points: readonly ReplayPoint[];
  /** Silences longer than this break the line, ms. */
  gapMs: number;
  t: number;
  timeZone: string | undefined;
  onSeek: (t: number) => void;
}) {
  const data = useMemo(() => chartRows(points, gapMs), [points, gapMs]);
  const dragging = useRef(false);
  const first = points[0]?.t ?? 0;
  const last = points[points.length - 1]?.t ?? first;

  // The time under the pointer, from its place across the plot: exact for
  // a click anywhere, not only on a data point.
  const seekAt = (e: PointerEvent<HTMLDivElement>) => {
    const box = e.currentTarget.getBoundingClientRect();
    const left = box.left + MARGIN.left + Y_AXIS_WIDTH;
    const width = box.width - MARGIN.left - Y_AXIS_WIDTH - MARGIN.right;
    if (width <= 0) return;
    const f = Math.min(1, Math.max(0, (e.clientX - left) / width));
    onSeek(Math.round(first + f * (last - first)));
  };

  return (
    <div
      className="replay-chart"
      data-testid="speed-chart"
      aria-label="Speed over the trip; click or drag to move the replay"
      onPointerDown={(e) => {
        dragging.current = true;
        e.currentTarget.setPointerCapture(e.pointerId);
        seekAt(e);
      }}
      onPointerMove={(e) => {
        if (dragging.current) seekAt(e);
      }}
      onPointerUp={() => (dragging.current = false)}
      onPointerCancel={() => (dragging.current = false)}
    >
      <span className="replay-chart-title">Speed, km/h</span>
      <ResponsiveContainer width="100%" height={130}>
        <LineChart data={data} margin={MARGIN}>
          <CartesianGrid strokeDasharray="3 3" stroke="var(--border)" />
          <XAxis
            dataKey="t"
            type="number"
            domain={['dataMin', 'dataMax']}
            tickFormatter={(ms: number) => formatSeconds(ms, timeZone).slice(0, 8)}
            fontSize={11}
          />
          <YAxis fontSize={11} width={Y_AXIS_WIDTH} />
          <Tooltip
            labelFormatter={(ms) => formatSeconds(Number(ms), timeZone)}
            formatter={(v) => [`${Math.round(Number(v))} km/h`, 'Speed']}
            isAnimationActive={false}
          />
          <Line
            dataKey="speed"
            name="Speed (km/h)"
            stroke="var(--moving)"
            dot={false}
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

/** One row per fix, and an empty one inside each gap to break the line. */
function chartRows(points: readonly ReplayPoint[], gapMs: number) {
  const rows: Array<{ t: number; speed: number | null }> = [];
  for (const run of splitAtGaps(points, gapMs)) {
    const last = rows[rows.length - 1];
    const first = run[0];
    if (last && first) rows.push({ t: (last.t + first.t) / 2, speed: null });
    for (const p of run) rows.push({ t: p.t, speed: p.speed ?? null });
  }
  return rows;
}
