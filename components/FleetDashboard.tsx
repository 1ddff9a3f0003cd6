'use client';

import Link from 'next/link';
import { useCallback } from 'react';
import type { MapRef } from 'react-map-gl/maplibre';
import { ConnectionIndicator } from './ConnectionIndicator';
import { FleetStoreProvider, useFleet } from './fleet-store-context';
import { KeyForm } from './KeyForm';
import { AlertPanel } from './side/AlertPanel';
import { MetricsChart } from './side/MetricsChart';
import { MetricTiles } from './side/MetricTiles';
import { VehiclePanel } from './side/VehiclePanel';
import { Toasts } from './Toasts';
import { FleetMap } from './map/FleetMap';
import { VehicleLayer } from './map/VehicleLayer';
import { useApiKey } from './use-api-key';
import { useFleetStream } from './use-fleet-stream';
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
    <FleetStoreProvider fleetId={fleetId}>
      <Dashboard fleetId={fleetId} />
    </FleetStoreProvider>
  );
}

function Dashboard({ fleetId }: { fleetId: string }) {
  const [apiKey, setApiKey] = useApiKey(fleetId);
  useFleetStream(apiKey);
  const onMap = useCallback((ref: MapRef) => {
    window.fleetlightMap = ref.getMap();
  }, []);

  if (apiKey === undefined) return null;
  if (apiKey === null) return <KeyForm onKey={setApiKey} />;

  return (
    <div className="dashboard">
      <header className="dash-header">
        <Link href="/" className="brand">
          Fleetlight
        </Link>
        <FleetTitle fleetId={fleetId} />
        <span className="spacer" />
        <ConnectionIndicator />
      </header>
      <VehicleList />
      <main className="map-area" aria-label="Live map">
        <Unauthorized onForget={() => setApiKey(null)} />
        <FleetMap onMap={onMap}>
          <VehicleLayer />
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

function FleetTitle({ fleetId }: { fleetId: string }) {
  const name = useFleet((s) => s.fleet?.name);
  return <h1>{name ?? fleetId}</h1>;
}

function Unauthorized({ onForget }: { onForget: () => void }) {
  const status = useFleet((s) => s.connection);
  const detail = useFleet((s) => s.connectionDetail);
  if (status === 'live' || status === 'connecting') return null;
  return (
    <div className="map-banner" role="alert">
      {detail}
      {status === 'unauthorized' && (
        <>
          {' '}
          <button type="button" onClick={onForget}>
            Use another key
          </button>
        </>
      )}
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
