'use client';

import { useCallback, useSyncExternalStore } from 'react';
import { defaultUnits, isUnitSystem, type UnitSystem } from '@/lib/geo/units';

/** Where the reader's choice is kept; one setting for every fleet. */
const KEY = 'fleetlight.units';

const listeners = new Set<() => void>();

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  // Another tab changing the setting changes this one too.
  window.addEventListener('storage', listener);
  return () => {
    listeners.delete(listener);
    window.removeEventListener('storage', listener);
  };
}

function read(): UnitSystem {
  let stored: string | null = null;
  try {
    stored = localStorage.getItem(KEY);
  } catch {
    // Storage refused (private mode, policy): the locale decides.
  }
  return isUnitSystem(stored) ? stored : defaultUnits(navigator.language);
}

/**
 * The reader's unit system: what they chose, else what their browser's
 * locale reads (imperial for en-US). The server render says metric.
 */
export function useUnits(): [UnitSystem, (units: UnitSystem) => void] {
  const units = useSyncExternalStore(subscribe, read, () => 'metric' as const);
  const set = useCallback((next: UnitSystem) => {
    try {
      localStorage.setItem(KEY, next);
    } catch {
      // Not kept across reloads, but this page still switches.
    }
    for (const l of listeners) l();
  }, []);
  return [units, set];
}
