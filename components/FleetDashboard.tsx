'use client';

import { useCallback, useEffect, useState } from 'react';
import type { MapRef } from 'react-map-gl/maplibre';
import type { FleetStore } from '@/lib/store/fleet-store';
import { FleetHeader } from './FleetHeader';
import { STATUS_LABEL, VEHICLE_STATUSES } from '@/lib/fleet/status';
import { useFleet, useFleetStoreApi } from './fleet-store-context';
import { ConnectionBanner, FleetShell } from './FleetShell';
import { AlertPanel } from './side/AlertPanel';
import { MetricsChart } from './side/MetricsChart';
import { MetricTiles } from './side/MetricTiles';
import { SideTabs, type SideTab } from './side/SideTabs';
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
    /** The fleet's store, for the map benchmark and the browser console. */
    fleetlightStore?: FleetStore;
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
  const store = useFleetStoreApi();
  useEffect(() => {
    window.fleetlightStore = store;
  }, [store]);
  const [tab, setTab] = useState<SideTab>('list');
  const hasVehicle = useFleet((s) => s.selectedId !== null);
  const shown = tab === 'vehicle' && !hasVehicle ? 'list' : tab;

  return (
    <div className="dashboard" data-tab={shown}>
      <FleetHeader fleetId={fleetId} view="map" />
      <SideTabs tab={shown} onTab={setTab} hasVehicle={hasVehicle} />
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
        <div data-pane="vehicle">
          <VehiclePanel />
        </div>
        <section className="panel" aria-labelledby="metrics-title" data-pane="fleet">
          <h2 id="metrics-title">Fleet</h2>
          <MetricTiles />
          <MetricsChart />
        </section>
        <div data-pane="alerts">
          <AlertPanel />
        </div>
      </aside>
    </div>
  );
}

function Legend() {
  return (
    <div className="legend" aria-label="Legend">
      {VEHICLE_STATUSES.map((status) => (
        <span key={status}>
          <span className="status-dot" data-status={status} /> {STATUS_LABEL[status]}
        </span>
      ))}
    </div>
  );
}
