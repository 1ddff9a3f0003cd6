'use client';

import type { GeoJSONSource, Map as MapLibreMap } from 'maplibre-gl';
import { useEffect } from 'react';
import { useMap } from 'react-map-gl/maplibre';
import { fetchTrack } from '@/lib/api/vehicle-map';
import type { Vehicle } from '@/lib/fleet/vehicle';
import {
  extendTrail,
  mergeTrail,
  TRAIL_LIMITS,
  trailLine,
  type TrailPoint,
} from '@/lib/map/trail';
import { useFleetStoreApi } from '../fleet-store-context';
import { beneathVehicles, OVERLAY_IDS, removeAll } from './overlay-layers';

const { trail: LAYER, trailSource: SOURCE } = OVERLAY_IDS;

/**
 * The line's head glides to each new fix over the time since the one
 * before, as the vehicle icons do, within the same bounds; it is redrawn
 * at most this often meanwhile.
 */
const HEAD_MIN_MS = 400;
const HEAD_MAX_MS = 20_000;
const FRAME_MS = 40;

/**
 * Where the selected vehicle has just been, as a line fading with age:
 * the stored track of the last minutes, then every fix as it arrives.
 * Renders nothing; owns its source and layer.
 */
export function SelectedTrail({ apiKey }: { apiKey: string | null }) {
  const { current } = useMap();
  const store = useFleetStoreApi();

  useEffect(() => {
    const map = current?.getMap();
    if (!map) return;
    let trail: readonly TrailPoint[] = [];
    let request: AbortController | undefined;
    let head = { start: 0, duration: 0 };
    let lastReceived: number | undefined;
    /** The selected vehicle's fix the trail last grew to. */
    let trailed: Vehicle | undefined;
    let timer: ReturnType<typeof setTimeout> | undefined;

    const headAt = (now: number) =>
      head.duration > 0 ? Math.min(1, (now - head.start) / head.duration) : 1;
    const draw = () => {
      clearTimeout(timer);
      const at = headAt(Date.now());
      const line = trailLine(trail, at);
      map.getSource<GeoJSONSource>(SOURCE)?.setData({
        type: 'FeatureCollection',
        features: line ? [line] : [],
      });
      if (at < 1) timer = setTimeout(draw, FRAME_MS);
    };
    const glideTo = (v: Vehicle) => {
      const interval = lastReceived === undefined ? 0 : v.receivedAt - lastReceived;
      lastReceived = v.receivedAt;
      const duration = Math.min(HEAD_MAX_MS, Math.max(HEAD_MIN_MS, interval));
      head = { start: Date.now(), duration: interval > 0 ? duration : 0 };
    };

    const start = (id: string | null) => {
      request?.abort();
      const v = id ? store.getState().vehicles[id] : undefined;
      trailed = v;
      trail = v ? [pointOf(v)] : [];
      head = { start: 0, duration: 0 };
      lastReceived = v?.receivedAt;
      draw();
      if (!id || !apiKey) return;

      const ctrl = new AbortController();
      request = ctrl;
      // Replayed device times run on the wall clock, so "now" bounds both.
      const to = Math.max(Date.now(), v?.deviceTime ?? 0);
      const window = { from: to - TRAIL_LIMITS.maxAgeMs, to };
      fetchTrack(apiKey, id, window, ctrl.signal).then(
        (stored) => {
          if (ctrl.signal.aborted) return;
          trail = mergeTrail(stored, trail);
          draw();
        },
        // Without its history the trail still grows from live fixes.
        () => undefined,
      );
    };

    const setup = () => {
      addTrailLayer(map);
      start(store.getState().selectedId);
    };
    if (map.isStyleLoaded()) setup();
    else map.once('load', setup);

    const unsubscribe = store.subscribe((s, prev) => {
      if (s.selectedId !== prev.selectedId) return start(s.selectedId);
      const id = s.selectedId;
      const v = id ? s.vehicles[id] : undefined;
      if (!v || v === trailed) return;
      trailed = v;
      const next = extendTrail(trail, pointOf(v));
      if (next === trail) return;
      trail = next;
      glideTo(v);
      draw();
    });

    return () => {
      clearTimeout(timer);
      request?.abort();
      unsubscribe();
      map.off('load', setup);
      removeAll(map, [LAYER], [SOURCE]);
    };
  }, [current, store, apiKey]);

  return null;
}

function pointOf(v: Vehicle): TrailPoint {
  return { t: v.deviceTime, lat: v.lat, lon: v.lon };
}

function addTrailLayer(map: MapLibreMap): void {
  if (map.getSource(SOURCE)) return;
  // Line metrics give `line-progress`, for the fade from old to new.
  map.addSource(SOURCE, {
    type: 'geojson',
    lineMetrics: true,
    data: { type: 'FeatureCollection', features: [] },
  });
  map.addLayer(
    {
      id: LAYER,
      type: 'line',
      source: SOURCE,
      layout: { 'line-cap': 'round', 'line-join': 'round' },
      paint: {
        'line-width': ['interpolate', ['linear'], ['zoom'], 10, 3, 16, 6],
        'line-gradient': [
          'interpolate',
          ['linear'],
          ['line-progress'],
          0,
          'rgba(124, 58, 237, 0.1)',
          1,
          'rgba(124, 58, 237, 0.95)',
        ],
      },
    },
    // Above the planned path, beneath its stops and the vehicles.
    map.getLayer(OVERLAY_IDS.stops) ? OVERLAY_IDS.stops : beneathVehicles(map),
  );
}
