import type { FleetMetricsPayload, Severity } from '../../lib/protocol';

/** What happened in one fleet during the current metrics period. */
export class FleetWindow {
  tripsStarted = 0;
  stopsServed = 0;
  onTime = 0;
  judged = 0;
  distanceKm = 0;
  fuelLitres = 0;
  fuelKm = 0;
  alerts: Record<Severity, number> = { critical: 0, high: 0, medium: 0, low: 0 };
  private speedSum = 0;
  private speedN = 0;

  addSpeed(kmh: number): void {
    this.speedSum += kmh;
    this.speedN++;
  }

  get averageSpeed(): number {
    return this.speedN === 0 ? 0 : this.speedSum / this.speedN;
  }
}

/**
 * Transit convention for on time: from 1 minute early to 5 minutes late,
 * inclusive (the band most US agencies report against).
 */
export function isOnTime(delaySeconds: number): boolean {
  return delaySeconds >= -60 && delaySeconds <= 300;
}

/** Penalty points per alert severity, for the safety score. */
const PENALTY: Record<Severity, number> = { critical: 20, high: 8, medium: 3, low: 1 };

/**
 * Safety score, 0–100: 100 less the severity-weighted alerts per 100 km
 * driven in the period (critical 20, high 8, medium 3, low 1 points). Under
 * 100 km driven, the points count as they are (as if per 100 km), so a
 * short period cannot blow one alert up into a zero score.
 */
export function safetyScore(
  alerts: Record<Severity, number>,
  distanceKm: number,
): number {
  const points = (Object.keys(PENALTY) as Severity[]).reduce(
    (sum, s) => sum + alerts[s] * PENALTY[s],
    0,
  );
  const per100 = points / Math.max(1, distanceKm / 100);
  return round1(Math.max(0, 100 - per100));
}

export interface MetricsInput {
  fleetId: string;
  start: number;
  end: number;
  activeVehicles: number;
  window: FleetWindow;
  previous: FleetMetricsPayload | undefined;
}

/** The spec's fleet_metrics payload for one period. */
export function buildMetrics(i: MetricsInput): FleetMetricsPayload {
  const w = i.window;
  const metrics: FleetMetricsPayload['metrics'] = {
    active_vehicles: i.activeVehicles,
    total_trips: w.tripsStarted,
    completed_deliveries: w.stopsServed,
    average_speed: round1(w.averageSpeed),
    safety_score: safetyScore(w.alerts, w.distanceKm),
  };
  if (w.judged > 0) metrics.on_time_percentage = round1((100 * w.onTime) / w.judged);
  // Litres per 100 km, only where fuel flow is known (from MAF).
  if (w.fuelKm >= 1) metrics.fuel_efficiency = round1((100 * w.fuelLitres) / w.fuelKm);

  const prev = i.previous?.metrics;
  return {
    fleet_id: i.fleetId,
    period: {
      start: new Date(i.start).toISOString(),
      end: new Date(i.end).toISOString(),
    },
    metrics,
    alerts_summary: { ...w.alerts },
    performance_trends: {
      utilization_trend: trend(metrics.active_vehicles, prev?.active_vehicles),
      efficiency_trend: trend(metrics.average_speed, prev?.average_speed),
      safety_trend: trend(metrics.safety_score, prev?.safety_score),
    },
  };
}

/** Relative change against the previous period, "+2.3%"; "+0.0%" without one. */
export function trend(now: number, before: number | undefined): string {
  if (before === undefined || before === 0) return '+0.0%';
  // Rounded before the sign is chosen, so a tiny drop reads +0.0%, not -0.0%.
  const pct = round1(((now - before) / Math.abs(before)) * 100);
  return `${pct >= 0 ? '+' : ''}${pct.toFixed(1)}%`;
}

function round1(x: number): number {
  return Math.round(x * 10) / 10;
}
