'use client';

import { useState } from 'react';
import { createMapViewStore } from '@/lib/store/map-view';
import { useFleet } from '../fleet-store-context';
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
  const [view] = useState(createMapViewStore);
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
