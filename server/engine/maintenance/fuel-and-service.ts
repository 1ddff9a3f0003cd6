import type { MaintenanceFinding, MaintenanceSettings } from './types';

/** Low fuel, once per episode; re-armed after refuelling above the limit + 5 %. */
export class LowFuel {
  private raised = false;

  constructor(private readonly settings: MaintenanceSettings) {}

  step(t: number, fuelPct: number | undefined): MaintenanceFinding[] {
    if (fuelPct === undefined) return [];
    const limit = this.settings.lowFuelPct;
    if (fuelPct >= limit + 5) this.raised = false;
    if (this.raised || fuelPct >= limit) return [];
    this.raised = true;
    return [
      {
        category: 'low_fuel',
        severity: 'medium',
        t,
        eventData: { fuel_level: fuelPct, limit },
        recommendedActions: ['Refuel at the next opportunity'],
      },
    ];
  }
}

/** Service due each time the odometer crosses a multiple of the interval. */
export class ServiceDue {
  private lastBand: number | undefined;

  constructor(private readonly settings: MaintenanceSettings) {}

  step(t: number, odometerKm: number): MaintenanceFinding[] {
    const band = Math.floor(odometerKm / this.settings.serviceEveryKm);
    const previous = this.lastBand;
    this.lastBand = band;
    if (previous === undefined || band <= previous) return [];
    return [
      {
        category: 'service_due',
        severity: 'low',
        t,
        eventData: {
          odometer: Math.round(odometerKm),
          service_every_km: this.settings.serviceEveryKm,
        },
        recommendedActions: ['Schedule routine service'],
      },
    ];
  }
}
