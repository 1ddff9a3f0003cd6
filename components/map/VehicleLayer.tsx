'use client';

import { useEffect } from 'react';
import { useMap } from 'react-map-gl/maplibre';
import type {
  GeoJSONSource,
  Map as MapLibreMap,
  MapLayerMouseEvent,
  MapMouseEvent,
} from 'maplibre-gl';
import { VehicleAnimator } from '@/lib/map/animator';
import { useFleetStoreApi } from '../fleet-store-context';
import { addVehicleIcons, ARROW_ICON, DOT_ICON } from './vehicle-icons';
import { fitToVehicles } from './fit';

export const VEHICLE_SOURCE = 'vehicles';
export const VEHICLE_LAYER = 'vehicles';
export const SELECTED_LAYER = 'vehicles-selected';

/** The most often the source is re-sent while vehicles glide. */
const FRAME_MS = 40;
/** How often statuses are recomputed when nothing moves (stale ageing). */
const IDLE_REFRESH_MS = 2000;

const COLOURS = {
  moving: '#1a7f37',
  stopped: '#c27803',
  stale: '#8c959f',
};

/**
 * Every vehicle, from one GeoJSON source and one symbol layer (never a DOM
 * marker per vehicle). Renders nothing itself: it owns its source, layers,
 * images and handlers, and removes them together.
 */
export function VehicleLayer() {
  const { current } = useMap();
  const store = useFleetStoreApi();

  useEffect(() => {
    const map = current?.getMap();
    if (!map) return;
    const animator = new VehicleAnimator();
    let frame = 0;
    let lastDraw = 0;
    let fitted = false;

    const draw = (now: number) => {
      const source = map.getSource<GeoJSONSource>(VEHICLE_SOURCE);
      if (!source) return;
      source.setData(animator.features(store.getState().vehicles, now));
      lastDraw = now;
    };
    const loop = () => {
      const now = Date.now();
      const due = animator.animating(now) ? FRAME_MS : IDLE_REFRESH_MS;
      if (now - lastDraw >= due) draw(now);
      frame = requestAnimationFrame(loop);
    };

    const setup = () => {
      addVehicleIcons(map);
      addVehicleLayers(map);
      const { vehicles, selectedId } = store.getState();
      animator.update(vehicles, Date.now());
      highlight(map, selectedId);
      draw(Date.now());
      fitted = fitted || fitToVehicles(map, vehicles);
    };
    if (map.isStyleLoaded()) setup();
    else map.once('load', setup);

    const unsubscribe = store.subscribe((s, prev) => {
      if (s.vehicles !== prev.vehicles) {
        animator.update(s.vehicles, Date.now());
        lastDraw = 0;
        if (!fitted && map.getSource(VEHICLE_SOURCE))
          fitted = fitToVehicles(map, s.vehicles);
      }
      if (s.selectedId !== prev.selectedId) {
        highlight(map, s.selectedId);
        reveal(
          map,
          s.selectedId ? animator.position(s.selectedId, Date.now()) : undefined,
        );
      }
    });

    const onClick = (e: MapLayerMouseEvent) => {
      const id = e.features?.[0]?.properties?.['id'];
      if (typeof id === 'string') store.getState().select(id);
    };
    // A click on the map away from every vehicle clears the selection.
    const onMapClick = (e: MapMouseEvent) => {
      const hit = map.queryRenderedFeatures(e.point, { layers: [VEHICLE_LAYER] });
      if (hit.length === 0) store.getState().select(null);
    };
    const pointer = () => (map.getCanvas().style.cursor = 'pointer');
    const plain = () => (map.getCanvas().style.cursor = '');
    map.on('click', VEHICLE_LAYER, onClick);
    map.on('click', onMapClick);
    map.on('mouseenter', VEHICLE_LAYER, pointer);
    map.on('mouseleave', VEHICLE_LAYER, plain);
    frame = requestAnimationFrame(loop);

    return () => {
      cancelAnimationFrame(frame);
      unsubscribe();
      map.off('click', VEHICLE_LAYER, onClick);
      map.off('click', onMapClick);
      map.off('mouseenter', VEHICLE_LAYER, pointer);
      map.off('mouseleave', VEHICLE_LAYER, plain);
      map.off('load', setup);
      const style = map.getStyle();
      if (!style) return;
      // Layers of other components may draw from this source too (the
      // wall's alarm halo); a source in use cannot be removed.
      for (const layer of style.layers)
        if ('source' in layer && layer.source === VEHICLE_SOURCE)
          map.removeLayer(layer.id);
      if (map.getSource(VEHICLE_SOURCE)) map.removeSource(VEHICLE_SOURCE);
    };
  }, [current, store]);

  return null;
}

function addVehicleLayers(map: MapLibreMap): void {
  if (map.getSource(VEHICLE_SOURCE)) return;
  map.addSource(VEHICLE_SOURCE, {
    type: 'geojson',
    data: { type: 'FeatureCollection', features: [] },
  });
  map.addLayer({
    id: SELECTED_LAYER,
    type: 'circle',
    source: VEHICLE_SOURCE,
    filter: ['==', ['get', 'id'], ''],
    paint: {
      'circle-radius': ['interpolate', ['linear'], ['zoom'], 8, 11, 16, 20],
      'circle-color': 'rgba(31, 111, 235, 0.18)',
      'circle-stroke-color': '#1f6feb',
      'circle-stroke-width': 3,
    },
  });
  map.addLayer({
    id: VEHICLE_LAYER,
    type: 'symbol',
    source: VEHICLE_SOURCE,
    layout: {
      'icon-image': ['case', ['has', 'heading'], ARROW_ICON, DOT_ICON],
      'icon-rotate': ['coalesce', ['get', 'heading'], 0],
      'icon-rotation-alignment': 'map',
      'icon-size': ['interpolate', ['linear'], ['zoom'], 8, 0.4, 12, 0.55, 16, 0.8],
      'icon-allow-overlap': true,
      'icon-ignore-placement': true,
    },
    paint: {
      'icon-color': [
        'match',
        ['get', 'status'],
        'moving',
        COLOURS.moving,
        'stopped',
        COLOURS.stopped,
        COLOURS.stale,
      ],
      'icon-halo-color': '#ffffff',
      'icon-halo-width': 2,
    },
  });
}

/** Brings a vehicle chosen elsewhere (the list, an alert) into view. */
function reveal(map: MapLibreMap, at: [number, number] | undefined): void {
  if (!at) return;
  const bounds = map.getBounds();
  const canvas = map.getCanvas();
  const p = map.project(at);
  const margin = 40;
  const inside =
    bounds.contains(at) &&
    p.x > margin &&
    p.y > margin &&
    p.x < canvas.clientWidth - margin &&
    p.y < canvas.clientHeight - margin;
  if (!inside) map.easeTo({ center: at, duration: 600 });
}

function highlight(map: MapLibreMap, id: string | null): void {
  if (!map.getLayer(SELECTED_LAYER)) return;
  map.setFilter(SELECTED_LAYER, ['==', ['get', 'id'], id ?? '']);
}
