import { describe, expect, it } from 'vitest';
import { CHART, metricSeries } from '../../../lib/fleet/metric-series';
import type { FleetMetricsPayload } from '../../../lib/protocol';
import { createFleetStore } from '../../../lib/store/fleet-store';
import { LIMITS } from '../../../lib/store/events';

const T0 = Date.UTC(2026, 2, 10, 10, 0, 0);

function period(second: number, active: number, speed = 30): FleetMetricsPayload {
  const end = T0 + second * 1000;
  return {
    fleet_id: 'fleet-1',
    period: {
      start: new Date(end - 1000).toISOString(),
      end: new Date(end).toISOString(),
    },
    metrics: {
      active_vehicles: active,
      total_trips: 0,
      completed_deliveries: 0,
      average_speed: speed,
      safety_score: 100,
    },
    alerts_summary: { critical: 0, high: 0, medium: 0, low: 0 },
    performance_trends: {
      efficiency_trend: 'stable',
      safety_trend: 'stable',
      utilization_trend: 'stable',
    },
  };
}

/** Field case C29: an hour of one point a second must not reach the chart whole. */
describe('C29: a streaming metrics chart stays small', () => {
  const hour = Array.from({ length: 3_600 }, (_, s) => period(s, 100 + (s % 37)));

  it('plots at most CHART.maxPoints per series from an hour of points', () => {
    const series = metricSeries(hour, 'metric');

    expect(series.length).toBeLessThanOrEqual(CHART.maxPoints);
    expect(series.at(-1)?.at).toBe(T0 + 3_599_000);
  });

  it('plots only the window asked for', () => {
    const series = metricSeries(hour, 'metric', {
      spanMs: 15 * 60_000,
      maxPoints: 10_000,
    });

    expect(series[0]?.at).toBe(T0 + (3_599 - 900) * 1000);
    expect(series).toHaveLength(901);
  });

  it('converts the average speed into the reader unit', () => {
    const [p] = metricSeries([period(0, 1, 100)], 'imperial');

    expect(p?.speed).toBeCloseTo(62.137, 2);
  });

  it('skips a period whose end is unreadable', () => {
    const bad = { ...period(0, 1), period: { start: '', end: 'soon' } };

    expect(metricSeries([bad, period(1, 2)], 'metric').map((p) => p.active)).toEqual([2]);
  });

  it('keeps the store history capped however long the stream runs', () => {
    const store = createFleetStore('fleet-1');

    for (let s = 0; s < 36_000; s += 600) {
      store.getState().onMetrics(hour.slice(0, 600).map((_, i) => period(s + i, 1)));
    }

    expect(store.getState().metrics).toHaveLength(LIMITS.metrics);
    expect(store.getState().metrics.at(-1)?.period.end).toBe(
      new Date(T0 + 35_999_000).toISOString(),
    );
  });
});
