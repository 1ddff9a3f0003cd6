'use client';

import maplibregl, { type StyleSpecification } from 'maplibre-gl';
import { Protocol } from 'pmtiles';
import { useEffect, useState, type ReactNode } from 'react';
import Map, {
  AttributionControl,
  NavigationControl,
  type MapRef,
} from 'react-map-gl/maplibre';
import { resolvePmtilesUrls } from '@/lib/map/pmtiles-url';
import { ContextLossGuard, useContextRecovery } from './ContextLossGuard';

let protocolAdded = false;

/** `pmtiles://` URLs in any style read local or remote PMTiles archives. */
function addPmtilesProtocol(): void {
  if (protocolAdded) return;
  maplibregl.addProtocol('pmtiles', new Protocol().tile);
  protocolAdded = true;
}

type StyleState = { style: StyleSpecification } | { error: string } | null;

/**
 * The map with Fleetlight's offline style (served by the server at
 * /map/style.json, or the operator's MAP_STYLE_URL behind it). A wall
 * display passes `interactive={false}`: no controls, nothing to drag.
 */
export function FleetMap({
  children,
  onMap,
  interactive = true,
}: {
  children?: ReactNode;
  onMap?: (map: MapRef) => void;
  interactive?: boolean;
}) {
  const [state, setState] = useState<StyleState>(null);
  // Layers leave the map while its WebGL context is lost; a map whose
  // context never returns is replaced by a fresh one.
  const recovery = useContextRecovery();

  useEffect(() => {
    addPmtilesProtocol();
    const ctrl = new AbortController();
    fetch('/map/style.json', { signal: ctrl.signal })
      .then((res) => {
        if (!res.ok) throw new Error(`the map style answered HTTP ${res.status}`);
        return res.json() as Promise<StyleSpecification>;
      })
      .then((style) =>
        setState({ style: resolvePmtilesUrls(style, window.location.origin) }),
      )
      .catch((error: unknown) => {
        if (ctrl.signal.aborted) return;
        setState({ error: error instanceof Error ? error.message : String(error) });
      });
    return () => ctrl.abort();
  }, []);

  if (state === null) return <div className="map-banner">Loading the map…</div>;
  if ('error' in state) {
    return (
      <div className="map-banner" role="alert">
        The map could not load: {state.error}. Reload to retry.
      </div>
    );
  }
  return (
    <Map
      key={recovery.generation}
      mapLib={maplibregl}
      mapStyle={state.style}
      initialViewState={{ longitude: -97.74, latitude: 30.27, zoom: 10 }}
      style={{ position: 'absolute', inset: 0 }}
      attributionControl={false}
      interactive={interactive}
      ref={(ref) => {
        if (ref && onMap) onMap(ref);
      }}
    >
      {interactive && <NavigationControl position="top-right" />}
      <AttributionControl position="bottom-right" compact={false} />
      <ContextLossGuard {...recovery.handlers} />
      {recovery.drawing && children}
    </Map>
  );
}
