'use client';

import { useEffect } from 'react';
import type { MapRef } from 'react-map-gl/maplibre';
import { FleetStoreProvider, useFleetStoreApi } from '../fleet-store-context';
import { FleetMap } from '../map/FleetMap';
import { VehicleLayer } from '../map/VehicleLayer';
import { MarkerVehicles } from './MarkerVehicles';

type View = 'layer' | 'markers';

/** The map and one way of drawing vehicles, with nothing else on the page. */
export function MapBench({ view }: { view: View }) {
  return (
    <FleetStoreProvider fleetId="bench">
      <Exposed />
      <main style={{ position: 'fixed', inset: 0 }} aria-label="Live map">
        <FleetMap onMap={expose}>
          {view === 'layer' ? <VehicleLayer /> : <MarkerVehicles />}
        </FleetMap>
      </main>
    </FleetStoreProvider>
  );
}

function expose(ref: MapRef): void {
  window.fleetlightMap = ref.getMap();
}

function Exposed() {
  const store = useFleetStoreApi();
  useEffect(() => {
    window.fleetlightStore = store;
  }, [store]);
  return null;
}
