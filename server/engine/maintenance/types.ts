import type { Severity } from '../../../lib/protocol';

/** A maintenance finding, before it becomes a wire message. */
export interface MaintenanceFinding {
  category: string;
  severity: Severity;
  /** Physical epoch ms. */
  t: number;
  eventData: Record<string, number | string>;
  recommendedActions: string[];
  /** The condition cleared: this finding closes an earlier one. */
  resolved?: boolean;
}

export interface MaintenanceSettings {
  /** °C of coolant above which the engine is overheating. */
  engineTempC: number;
  /** Physical ms the temperature must stay high. */
  engineTempForMs: number;
  /** Fuel percent below which fuel is low. */
  lowFuelPct: number;
  /** Service interval, km of odometer. */
  serviceEveryKm: number;
  /** Physical ms of silence after which a device counts as offline. */
  silentAfterMs: number;
}

export const DEFAULT_MAINTENANCE: MaintenanceSettings = {
  engineTempC: 105,
  engineTempForMs: 60_000,
  lowFuelPct: 10,
  serviceEveryKm: 15_000,
  silentAfterMs: 15 * 60_000,
};
