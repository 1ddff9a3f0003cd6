'use client';

import { useCallback } from 'react';
import type { MapRef } from 'react-map-gl/maplibre';
import { FleetHeader } from './FleetHeader';
import { ConnectionBanner, FleetShell } from './FleetShell';
import { AlertPanel } from './side/AlertPanel';
import { MetricsChart } from './side/MetricsChart';
import { MetricTiles } from './side/MetricTiles';
import { VehiclePanel } from './side/VehiclePanel';
import { Toasts } from './Toasts';
import { FleetMap } from './map/FleetMap';
import { MapTools } from './map/MapTools';
import { VehicleLayer } from './map/VehicleLayer';
import { VehicleList } from './VehicleList';

declare global {
  interface Window {
    /** The live map, for tests and the browser console. */
    fleetlightMap?: ReturnType<MapRef['getMap']>;
  }
}

/** `/fleet/[fleetId]`: the live map and vehicle list of one fleet. */
export function FleetDashboard({ fleetId }: { fleetId: string }) {
  return (
    <FleetShell fleetId={fleetId}>
      {({ forgetKey }) => <Dashboard fleetId={fleetId} onForget={forgetKey} />}
    </FleetShell>
  );
}

function Dashboard({ fleetId, onForget }: { fleetId: string; onForget: () => void }) {
  const onMap = useCallback((ref: MapRef) => {
    window.fleetlightMap = ref.getMap();
  }, []);

  return (
    <div className="dashboard">
      <FleetHeader fleetId={fleetId} view="map" />
      <VehicleList />
      <main className="map-area" aria-label="Live map">
        <ConnectionBanner onForget={onForget} />
        <FleetMap onMap={onMap}>
          <VehicleLayer />
          <MapTools />
        </FleetMap>
        <Legend />
        <Toasts />
      </main>
      <aside className="side" aria-label="Fleet details">
        <VehiclePanel />
        <section className="panel" aria-labelledby="metrics-title">
          <h2 id="metrics-title">Fleet</h2>
          <MetricTiles />
          <MetricsChart />
        </section>
        <AlertPanel />
      </aside>
    </div>
  );
}

function Legend() {
  return (
    <div className="legend" aria-label="Legend">
      <span>
        <span className="status-dot" data-status="moving" /> Moving
      </span>
      <span>
        <span className="status-dot" data-status="stopped" /> Stopped
      </span>
      <span>
        <span className="status-dot" data-status="stale" /> Stale
      </span>
    </div>
  );
}
