import type { Fix } from '../ingest/fix';

/**
 * Fuel burnt, estimated from the engine's mass air flow. A petrol engine
 * under closed-loop control burns close to the stoichiometric mixture, so
 * fuel mass flow ≈ air mass flow / 14.7; petrol weighs about 745 g/L (EN
 * 228 allows 720–775). Diesel runs lean and unthrottled, so its air flow
 * says little about its fuel: these figures assume petrol. A hybrid's
 * petrol is counted but the change in its battery's charge is not, so
 * over a short period its L/100 km is an approximation.
 */

/** Stoichiometric air–fuel mass ratio of petrol. */
export const PETROL_AIR_FUEL_RATIO = 14.7;

/** Density of petrol, g/L. */
export const PETROL_DENSITY_G_PER_L = 745;

/**
 * Longest physical gap between two fixes that is integrated: past it the
 * engine may have stopped, idled or climbed, and guessing would invent
 * litres. Half a minute spans any logger's normal cadence.
 */
export const MAX_FUEL_GAP_MS = 30_000;

const SECONDS_PER_HOUR = 3600;

/** Fuel flow, L/h, of a petrol engine drawing `mafGs` grams of air a second. */
export function litresPerHour(mafGs: number): number {
  return (mafGs / PETROL_AIR_FUEL_RATIO / PETROL_DENSITY_G_PER_L) * SECONDS_PER_HOUR;
}

/** Fuel burnt and distance driven between two consecutive fixes. */
export interface FuelStep {
  litres: number;
  km: number;
}

interface Reading {
  t: number;
  mafGs: number;
  odometerKm: number;
}

/**
 * Integrates one vehicle's fuel flow over physical time. Only a pair of
 * consecutive fixes that both carry air flow, at most MAX_FUEL_GAP_MS
 * apart, counts; its distance is counted with it, so litres and km always
 * cover the same stretches and their ratio stays honest.
 */
export class FuelMeter {
  private last: Reading | undefined;

  /** `t` is physical ms; `odometerKm` the vehicle's odometer at the fix. */
  step(
    t: number,
    fix: Pick<Fix, 'mafGs' | 'trackBreak'>,
    odometerKm: number,
  ): FuelStep | undefined {
    const prev = this.last;
    const maf = fix.mafGs;
    this.last = maf === undefined ? undefined : { t, mafGs: maf, odometerKm };
    if (!prev || maf === undefined || fix.trackBreak) return undefined;

    const dt = t - prev.t;
    if (dt <= 0 || dt > MAX_FUEL_GAP_MS) return undefined;
    // Trapezoid: the flow is taken to change steadily between readings.
    const meanFlow = litresPerHour((prev.mafGs + maf) / 2);
    return {
      litres: (meanFlow * dt) / (SECONDS_PER_HOUR * 1000),
      km: Math.max(0, odometerKm - prev.odometerKm),
    };
  }
}
