import type { MaintenanceFinding, MaintenanceSettings } from './types';

/**
 * Coolant above the limit for a sustained period raises one alert; it
 * resolves once the temperature is back 5 °C under the limit (hysteresis,
 * so a reading hovering at the limit does not flap).
 */
export class EngineTemperature {
  private hotSince: number | undefined;
  private raised = false;
  private peak = -Infinity;

  constructor(private readonly settings: MaintenanceSettings) {}

  step(t: number, tempC: number | undefined): MaintenanceFinding[] {
    if (tempC === undefined) return [];
    const { engineTempC: limit, engineTempForMs } = this.settings;
    if (tempC > limit) {
      this.hotSince ??= t;
      this.peak = Math.max(this.peak, tempC);
      if (this.raised || t - this.hotSince < engineTempForMs) return [];
      this.raised = true;
      return [finding(t, this.peak, limit, false)];
    }
    // Before an alert, a reading at the limit breaks the run: the
    // hysteresis band only holds an alert already raised.
    if (!this.raised) {
      this.hotSince = undefined;
      this.peak = -Infinity;
      return [];
    }
    if (tempC > limit - 5) return [];
    this.hotSince = undefined;
    this.raised = false;
    const peak = this.peak;
    this.peak = -Infinity;
    return [finding(t, peak, limit, true)];
  }
}

function finding(
  t: number,
  peak: number,
  limit: number,
  resolved: boolean,
): MaintenanceFinding {
  return {
    category: 'engine_overheating',
    severity: 'high',
    t,
    eventData: { engine_temp_peak: Math.round(peak * 10) / 10, limit },
    recommendedActions: [
      'Stop the vehicle safely and let the engine cool',
      'Check coolant level',
    ],
    ...(resolved && { resolved }),
  };
}
