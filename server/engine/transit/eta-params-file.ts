import fs from 'node:fs';
import { DEFAULT_ETA_PARAMS, type EtaParams } from './eta';

interface StoredParams {
  decayMin: number;
  currentDelayWeight: number;
  segmentWeight: number;
  topSpeedKmh: number;
  /** [segment key, typical gain ms] pairs. */
  segments: Array<[string, number]>;
}

/**
 * ETA parameters learned from the shipped recordings by `engine:report`,
 * so the running server predicts with the stretch gains the evaluation
 * measured, not only the built-in defaults.
 */
export function saveEtaParams(file: string, params: EtaParams): void {
  const stored: StoredParams = {
    decayMin: params.decayMin,
    currentDelayWeight: params.currentDelayWeight,
    segmentWeight: params.segmentWeight,
    topSpeedKmh: params.topSpeedKmh,
    segments: [...params.segments].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
  };
  fs.writeFileSync(file, JSON.stringify(stored) + '\n');
}

/** The stored parameters, or the defaults when there is no usable file. */
export function loadEtaParams(file: string): EtaParams {
  let raw: unknown;
  try {
    raw = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch {
    return DEFAULT_ETA_PARAMS;
  }
  const s = raw as Partial<StoredParams>;
  const numbers = [s.decayMin, s.currentDelayWeight, s.segmentWeight, s.topSpeedKmh];
  if (!numbers.every((n) => typeof n === 'number' && Number.isFinite(n))) {
    return DEFAULT_ETA_PARAMS;
  }
  const segments = new Map<string, number>();
  for (const pair of Array.isArray(s.segments) ? s.segments : []) {
    const [key, ms] = pair;
    if (typeof key === 'string' && typeof ms === 'number' && Number.isFinite(ms)) {
      segments.set(key, ms);
    }
  }
  return {
    decayMin: s.decayMin as number,
    currentDelayWeight: s.currentDelayWeight as number,
    segmentWeight: s.segmentWeight as number,
    topSpeedKmh: s.topSpeedKmh as number,
    segments,
  };
}
