'use client';

import { useMap } from 'react-map-gl/maplibre';
import type { MapLayerGroup } from '@/lib/store/map-view';
import { useFleet, useFleetStoreApi } from '../fleet-store-context';
import { fitToVehicles } from './fit';
import { useMapView, useMapViewApi } from './map-view-context';
import { TOGGLED_LAYERS } from './overlay-layers';

const FIT_MS = 600;

const GROUP_NAMES: Record<MapLayerGroup, string> = {
  vehicles: 'Vehicles',
  labels: 'Vehicle labels',
  trail: 'Trail',
  route: 'Route and stops',
  network: 'Transit network',
};

/**
 * The map's own panel: follow the selected vehicle, frame the fleet, and
 * show or hide layer groups. Plain buttons and checkboxes, so every part
 * works from the keyboard and has a name.
 */
export function MapControls() {
  const { current } = useMap();
  const store = useFleetStoreApi();
  const view = useMapViewApi();
  const selectedId = useFleet((s) => s.selectedId);
  const following = useMapView((s) => s.following);
  const layers = useMapView((s) => s.layers);

  const fit = () => {
    const map = current?.getMap();
    if (!map) return;
    view.getState().setFollowing(false, selectedId);
    fitToVehicles(map, store.getState().vehicles, FIT_MS);
  };
  const groups = (Object.keys(GROUP_NAMES) as MapLayerGroup[]).filter(
    (g) => TOGGLED_LAYERS[g].length > 0,
  );

  return (
    <div className="map-tools" role="group" aria-label="Map tools">
      <div className="map-tools-buttons">
        <button
          type="button"
          aria-pressed={following}
          disabled={selectedId === null}
          title={selectedId === null ? 'Select a vehicle to follow it' : undefined}
          onClick={() => view.getState().setFollowing(!following, selectedId)}
        >
          Follow
        </button>
        <button type="button" onClick={fit}>
          Fit fleet
        </button>
      </div>
      <fieldset>
        <legend>Layers</legend>
        {groups.map((group) => (
          <label key={group}>
            <input
              type="checkbox"
              checked={layers[group]}
              onChange={(e) => view.getState().setLayer(group, e.target.checked)}
            />
            {GROUP_NAMES[group]}
          </label>
        ))}
      </fieldset>
    </div>
  );
}
