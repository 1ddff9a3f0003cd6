import { describe, expect, it } from 'vitest';
import type { FleetMetricsPayload } from '../../../../lib/protocol';
import {
  buildMetrics,
  FleetWindow,
  isOnTime,
  safetyScore,
  trend,
} from '../../../../server/engine/metrics';
import { MINUTE, T0 } from './support';

const NO_ALERTS = { critical: 0, high: 0, medium: 0, low: 0 };

/** A period as busy as the spec's example. */
function busyWindow(): FleetWindow {
  const w = new FleetWindow();
  w.tripsStarted = 67;
  w.stopsServed = 89;
  w.judged = 500;
  w.onTime = 471;
  w.distanceKm = 1000;
  w.fuelLitres = 12.3;
  w.fuelKm = 100;
  w.alerts = { critical: 0, high: 2, medium: 5, low: 12 };
  w.addSpeed(20);
  w.addSpeed(37);
  return w;
}

function input(window: FleetWindow, previous?: FleetMetricsPayload) {
  return {
    fleetId: 'fleet_001',
    start: T0,
    end: T0 + MINUTE,
    activeVehicles: 42,
    window,
    previous,
  };
}

describe('isOnTime', () => {
  it.each([
    [-61, false],
    [-60, true],
    [0, true],
    [300, true],
    [301, false],
  ])('judges a delay of %s s as on time: %s', (delay, onTime) => {
    expect(isOnTime(delay)).toBe(onTime);
  });
});

describe('safetyScore', () => {
  it('is 100 without alerts', () => {
    expect(safetyScore(NO_ALERTS, 250)).toBe(100);
  });

  it('takes 8 points for one high alert per 100 km', () => {
    expect(safetyScore({ ...NO_ALERTS, high: 2 }, 200)).toBe(92);
  });

  it('weighs critical 20, high 8, medium 3 and low 1 per 100 km', () => {
    const alerts = { critical: 1, high: 2, medium: 5, low: 12 };

    // (20 + 16 + 15 + 12) points over 10 × 100 km.
    expect(safetyScore(alerts, 1000)).toBe(93.7);
  });

  it('counts alerts as per 100 km when nothing was driven', () => {
    expect(safetyScore({ ...NO_ALERTS, critical: 1 }, 0)).toBe(80);
  });

  it('never goes below 0', () => {
    expect(safetyScore({ ...NO_ALERTS, critical: 9 }, 100)).toBe(0);
  });
});

describe('trend', () => {
  it.each([
    [102.3, 100, '+2.3%'],
    [99.5, 100, '-0.5%'],
    [100, 100, '+0.0%'],
    [99.96, 100, '+0.0%'],
    [-3, -2, '-50.0%'],
  ])('formats %s against %s as "%s"', (now, before, text) => {
    expect(trend(now, before)).toBe(text);
  });

  it('is +0.0% without a previous period', () => {
    expect(trend(42, undefined)).toBe('+0.0%');
  });

  it('is +0.0% against a previous value of 0', () => {
    expect(trend(42, 0)).toBe('+0.0%');
  });
});

describe('buildMetrics', () => {
  it('fills every field of the spec example', () => {
    const m = buildMetrics(input(busyWindow()));

    expect(m).toEqual({
      fleet_id: 'fleet_001',
      period: { start: '2024-01-01T00:00:00.000Z', end: '2024-01-01T00:01:00.000Z' },
      metrics: {
        active_vehicles: 42,
        total_trips: 67,
        completed_deliveries: 89,
        average_speed: 28.5,
        fuel_efficiency: 12.3,
        on_time_percentage: 94.2,
        safety_score: 95.7,
      },
      alerts_summary: { critical: 0, high: 2, medium: 5, low: 12 },
      performance_trends: {
        utilization_trend: '+0.0%',
        efficiency_trend: '+0.0%',
        safety_trend: '+0.0%',
      },
    });
  });

  it('gives each trend against the previous period', () => {
    const previous = buildMetrics({ ...input(busyWindow()), activeVehicles: 40 });

    const m = buildMetrics(input(busyWindow(), previous));

    expect(m.performance_trends).toEqual({
      utilization_trend: '+5.0%',
      efficiency_trend: '+0.0%',
      safety_trend: '+0.0%',
    });
  });

  it('omits on_time_percentage when no stop was judged', () => {
    const w = busyWindow();
    w.judged = 0;
    w.onTime = 0;

    expect(buildMetrics(input(w)).metrics).not.toHaveProperty('on_time_percentage');
  });

  it('omits fuel_efficiency when fuel flow is unknown', () => {
    const w = busyWindow();
    w.fuelLitres = 0;
    w.fuelKm = 0;

    expect(buildMetrics(input(w)).metrics).not.toHaveProperty('fuel_efficiency');
  });

  it('reports an average speed of 0 for a period without movement', () => {
    expect(buildMetrics(input(new FleetWindow())).metrics.average_speed).toBe(0);
  });

  it('copies the alert counts rather than sharing the window', () => {
    const w = busyWindow();
    const m = buildMetrics(input(w));

    w.alerts.high++;

    expect(m.alerts_summary.high).toBe(2);
  });
});
