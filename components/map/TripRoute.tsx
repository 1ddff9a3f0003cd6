'use client';

import type { FeatureCollection } from 'geojson';
import type { GeoJSONSource, Map as MapLibreMap } from 'maplibre-gl';
import { useEffect } from 'react';
import { useMap } from 'react-map-gl/maplibre';
import { fetchTripRoute, type TripRoute as Route } from '@/lib/api/vehicle-map';
import { nextStopOf, routeLines, stopPoints } from '@/lib/map/trip-route';
import type { FleetStoreState } from '@/lib/store/fleet-store';
import { useFleetStoreApi } from '../fleet-store-context';
import { beneathVehicles, OVERLAY_IDS, removeAll } from './overlay-layers';

const { routeSource, routeLine, stopSource, stops } = OVERLAY_IDS;
const EMPTY: FeatureCollection = { type: 'FeatureCollection', features: [] };

const ROUTE_COLOUR = '#1f6feb';
const PASSED_COLOUR = '#8c959f';

/**
 * The planned path and stops of the selected vehicle's trip, the next
 * stop larger and ringed. Fetched again whenever the vehicle's trip
 * changes; the next stop moves with live route progress. Renders
 * nothing; owns its sources and layers.
 */
export function TripRoute({ apiKey }: { apiKey: string | null }) {
  const { current } = useMap();
  const store = useFleetStoreApi();

  useEffect(() => {
    const map = current?.getMap();
    if (!map) return;
    let route: Route | undefined;
    let fetched = '';
    let request: AbortController | undefined;

    const draw = () => {
      const lines = map.getSource<GeoJSONSource>(routeSource);
      const points = map.getSource<GeoJSONSource>(stopSource);
      if (!lines || !points) return;
      if (!route) {
        lines.setData(EMPTY);
        points.setData(EMPTY);
        return;
      }
      const s = store.getState();
      const next = nextStopOf(route, s.details[route.vehicleId]?.progress);
      lines.setData(routeLines(route, next));
      points.setData(stopPoints(route, next));
    };

    const load = (s: FleetStoreState) => {
      const key = tripKey(s);
      if (key === fetched) return;
      fetched = key;
      request?.abort();
      route = undefined;
      draw();
      const id = s.selectedId;
      if (!id || !apiKey) return;

      const ctrl = new AbortController();
      request = ctrl;
      fetchTripRoute(apiKey, id, ctrl.signal).then(
        (answer) => {
          if (ctrl.signal.aborted) return;
          route = answer;
          draw();
        },
        // No planned trip (a car off any plan): nothing to draw.
        () => undefined,
      );
    };

    const setup = () => {
      addRouteLayers(map);
      load(store.getState());
    };
    if (map.isStyleLoaded()) setup();
    else map.once('load', setup);

    const unsubscribe = store.subscribe((s, prev) => {
      load(s);
      const id = s.selectedId;
      if (route && id && s.details[id] !== prev.details[id]) draw();
    });

    return () => {
      request?.abort();
      unsubscribe();
      map.off('load', setup);
      removeAll(map, [stops, routeLine], [stopSource, routeSource]);
    };
  }, [current, store, apiKey]);

  return null;
}

/**
 * What names the selected vehicle's trip: a change of any part (a new
 * trip id on its fixes or events, the trip ending, progress on another
 * trip) is a reason to ask the server again. Other trip events (stops)
 * are not: a vehicle on no planned trip would be asked about each.
 */
function tripKey(s: FleetStoreState): string {
  const id = s.selectedId;
  if (!id) return '';
  const detail = s.details[id];
  return [
    id,
    s.vehicles[id]?.tripId,
    detail?.trip?.trip_id,
    detail?.trip?.event === 'trip_completed',
    detail?.progress?.trip_id,
  ].join('\u0000');
}

function addRouteLayers(map: MapLibreMap): void {
  if (map.getSource(routeSource)) return;
  map.addSource(routeSource, { type: 'geojson', data: EMPTY });
  map.addSource(stopSource, { type: 'geojson', data: EMPTY });
  const below = beneathVehicles(map);
  map.addLayer(
    {
      id: routeLine,
      type: 'line',
      source: routeSource,
      layout: { 'line-cap': 'round', 'line-join': 'round' },
      paint: {
        'line-color': ROUTE_COLOUR,
        'line-width': ['interpolate', ['linear'], ['zoom'], 10, 2.5, 16, 5],
        'line-opacity': ['match', ['get', 'part'], 'done', 0.35, 0.85],
        'line-dasharray': [2, 1.5],
      },
    },
    map.getLayer(OVERLAY_IDS.trail) ? OVERLAY_IDS.trail : below,
  );
  map.addLayer(
    {
      id: stops,
      type: 'circle',
      source: stopSource,
      paint: {
        // Zoom must lead: one zoom curve, the stop's state inside it.
        'circle-radius': [
          'interpolate',
          ['linear'],
          ['zoom'],
          10,
          ['match', ['get', 'state'], 'next', 6, 3],
          16,
          ['match', ['get', 'state'], 'next', 10, 6],
        ],
        'circle-color': [
          'match',
          ['get', 'state'],
          'next',
          ROUTE_COLOUR,
          'passed',
          PASSED_COLOUR,
          '#ffffff',
        ],
        'circle-stroke-color': [
          'match',
          ['get', 'state'],
          'next',
          '#ffffff',
          'passed',
          '#ffffff',
          ROUTE_COLOUR,
        ],
        'circle-stroke-width': ['match', ['get', 'state'], 'next', 3, 1.5],
      },
    },
    below,
  );
}
