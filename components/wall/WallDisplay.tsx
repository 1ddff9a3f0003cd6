'use client';

import { useCallback, useMemo } from 'react';
import type { MapRef } from 'react-map-gl/maplibre';
import { isRinging, severityRank } from '@/lib/alerts/alert';
import type { Severity } from '@/lib/protocol';
import { ConnectionIndicator } from '../ConnectionIndicator';
import { useFleet } from '../fleet-store-context';
import { ConnectionBanner, FleetShell } from '../FleetShell';
import { FleetMap } from '../map/FleetMap';
import { VehicleLayer } from '../map/VehicleLayer';
import { MetricTiles } from '../side/MetricTiles';
import { AlarmLayer } from './AlarmLayer';
import { SoundGate } from './SoundGate';
import { useAlarm } from './use-alarm';
import { useReducedMotion } from './use-reduced-motion';
import { WallAlerts } from './WallAlerts';
import { WallClock } from './WallClock';
import { WallFit } from './WallFit';
import './wall.css';

/**
 * `/fleet/[fleetId]/wall`: the fleet for a big screen in a dispatch room.
 * Nothing on it needs a mouse. An urgent alert nobody has acknowledged
 * sounds, flashes its vehicle and pulses its row until someone, anywhere,
 * acknowledges it.
 */
export function WallDisplay({ fleetId }: { fleetId: string }) {
  return (
    <FleetShell fleetId={fleetId}>
      {({ forgetKey }) => <Wall onForget={forgetKey} />}
    </FleetShell>
  );
}

function Wall({ onForget }: { onForget: () => void }) {
  const name = useFleet((s) => s.fleet?.name ?? s.fleetId);
  const alerts = useFleet((s) => s.alerts);
  const steady = useReducedMotion();
  const ringing = useMemo(() => alerts.filter(isRinging), [alerts]);
  const vehicleIds = useMemo(
    () => [...new Set(ringing.map((a) => a.vehicleId))].sort(),
    [ringing],
  );
  const loudest = ringing.reduce<Severity | null>(
    (top, a) => (top && severityRank(top) >= severityRank(a.severity) ? top : a.severity),
    null,
  );
  const sound = useAlarm(loudest);
  const onMap = useCallback((ref: MapRef) => {
    window.fleetlightMap = ref.getMap();
  }, []);

  return (
    <div
      className="wall"
      data-alarm={ringing.length > 0 ? 'on' : 'off'}
      data-sound={sound}
      data-motion={steady ? 'steady' : 'flash'}
    >
      <header className="wall-header">
        <h1>{name}</h1>
        <ConnectionIndicator />
        <span className="spacer" />
        <WallClock />
      </header>
      <main className="wall-map" aria-label="Live map">
        <ConnectionBanner onForget={onForget} />
        <FleetMap onMap={onMap} interactive={false}>
          <VehicleLayer />
          <AlarmLayer vehicleIds={vehicleIds} steady={steady} />
          <WallFit steady={steady} />
        </FleetMap>
        <SoundGate state={sound} ringing={ringing.length > 0} />
      </main>
      <section className="wall-tiles" aria-label="Fleet metrics">
        <MetricTiles />
      </section>
      <WallAlerts />
    </div>
  );
}
