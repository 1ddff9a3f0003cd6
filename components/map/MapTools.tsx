'use client';

import type { FleetStore } from '@/lib/store/fleet-store';
import { createMapViewStore, type MapViewStore } from '@/lib/store/map-view';
import { useFleet, useFleetStoreApi } from '../fleet-store-context';
import { useApiKey } from '../use-api-key';
import { FollowCamera } from './FollowCamera';
import { LayerVisibility } from './LayerVisibility';
import { MapControls } from './MapControls';
import { MapViewContext } from './map-view-context';
import { SelectedTrail } from './SelectedTrail';
import { TripRoute } from './TripRoute';
import './map-tools.css';

/**
 * The fleet manager's tools on the map: the selected vehicle's trail and
 * planned trip, follow mode, fit to fleet and layer toggles. Mounted
 * inside <FleetMap>; each tool owns its own layers.
 */
export function MapTools() {
  const fleet = useFleetStoreApi();
  const view = viewOf(fleet);
  const fleetId = useFleet((s) => s.fleetId);
  const [apiKey] = useApiKey(fleetId);
  const key = apiKey ?? null;

  return (
    <MapViewContext.Provider value={view}>
      <TripRoute apiKey={key} />
      <SelectedTrail apiKey={key} />
      <FollowCamera />
      <LayerVisibility />
      <MapControls />
    </MapViewContext.Provider>
  );
}

/**
 * One view per fleet page, kept beside its fleet store rather than in the
 * tools: they remount with the map after a lost WebGL context, and the
 * person's toggles and follow mode must survive that.
 */
const views = new WeakMap<FleetStore, MapViewStore>();

function viewOf(fleet: FleetStore): MapViewStore {
  let view = views.get(fleet);
  if (!view) {
    view = createMapViewStore();
    views.set(fleet, view);
  }
  return view;
}
