import { toSpeed, type UnitSystem } from '../geo/units';
import type { FleetMetricsPayload } from '../protocol';
import { downsample, recentWindow } from './downsample';

/** One metrics period as the fleet chart plots it. */
export interface MetricPoint {
  /** End of the period, epoch ms. */
  at: number;
  active: number;
  /** Average speed in the reader's unit. */
  speed: number;
}

/**
 * The chart's limits (field case C29): it shows the last hour at most,
 * and never more points per series than a side panel is pixels wide
 * halved, however many periods the store holds.
 */
export const CHART = { spanMs: 60 * 60_000, maxPoints: 160 } as const;

export function metricSeries(
  metrics: readonly FleetMetricsPayload[],
  units: UnitSystem,
  limits: { spanMs: number; maxPoints: number } = CHART,
): MetricPoint[] {
  const points: MetricPoint[] = [];
  for (const m of metrics) {
    const at = Date.parse(m.period.end);
    if (!Number.isFinite(at)) continue;
    points.push({
      at,
      active: m.metrics.active_vehicles,
      speed: toSpeed(m.metrics.average_speed, units),
    });
  }
  const recent = recentWindow(points, limits.spanMs, (p) => p.at);
  return downsample(recent, limits.maxPoints, (p) => p.active);
}
