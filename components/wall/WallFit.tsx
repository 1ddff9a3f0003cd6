'use client';

import { useEffect } from 'react';
import { useMap } from 'react-map-gl/maplibre';
import { useFleetStoreApi } from '../fleet-store-context';
import { fitToVehicles } from '../map/fit';

/**
 * The first frame comes soon after the page opens, when most vehicles
 * have reported; then the wall frames the fleet anew every minute as
 * vehicles spread or gather.
 */
const FIRST_FIT_MS = 5000;
const REFIT_MS = 60_000;
const EASE_MS = 1500;

/**
 * Keeps every vehicle in view on a map nobody pans, gliding unless
 * `steady` (reduced motion) asks for a jump. While `hold` (an alarm) it
 * keeps still. Renders nothing.
 *
 * It never zooms in on one vehicle: every zoom to new tiles leaves MapLibre
 * holding more event listeners (docs/BENCHMARKS.md, "Wall display soak"),
 * which a day of alarms would pile up.
 */
export function WallFit({ steady, hold = false }: { steady: boolean; hold?: boolean }) {
  const { current } = useMap();
  const store = useFleetStoreApi();

  useEffect(() => {
    const map = current?.getMap();
    if (!map || hold) return;
    const fit = () => fitToVehicles(map, store.getState().vehicles, steady ? 0 : EASE_MS);
    const first = setTimeout(fit, FIRST_FIT_MS);
    const timer = setInterval(fit, REFIT_MS);
    return () => {
      clearTimeout(first);
      clearInterval(timer);
    };
  }, [current, store, steady, hold]);

  return null;
}
