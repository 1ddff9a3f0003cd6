'use client';

import { useCallback, useMemo } from 'react';
import type { MapRef } from 'react-map-gl/maplibre';
import { isRinging, severityRank, type FleetAlert } from '@/lib/alerts/alert';
import { ConnectionIndicator } from '../ConnectionIndicator';
import { useFleet } from '../fleet-store-context';
import { FleetShell } from '../FleetShell';
import { FleetMap } from '../map/FleetMap';
import { VehicleLayer } from '../map/VehicleLayer';
import { AlarmLayer } from './AlarmLayer';
import { AlarmSpotlight } from './AlarmSpotlight';
import { RotationBar } from './RotationBar';
import { SoundGate } from './SoundGate';
import { useAlarm } from './use-alarm';
import { useReducedMotion } from './use-reduced-motion';
import { useRotation } from './use-rotation';
import { WallAlerts } from './WallAlerts';
import { WallClock } from './WallClock';
import { WallFit } from './WallFit';
import { WallKpis } from './WallKpis';
import type { WallFocus, WallOptions } from './wall-options';
import { WallStale } from './WallStale';
import { WallVehicleDiscs } from './WallVehicleDiscs';
import './wall.css';

/**
 * `/fleet/[fleetId]/wall`: the fleet for a big screen in a dispatch room,
 * dark and in type read from across it. It turns between the map, the
 * metrics board and the alert queue (`options`). An urgent alert nobody
 * has acknowledged stops the turning: the wall shows it, sounds and
 * flashes until someone, anywhere, acknowledges it, then turns on.
 * Nothing on it needs a mouse.
 */
export function WallDisplay({
  fleetId,
  options,
}: {
  fleetId: string;
  options: WallOptions;
}) {
  return (
    <FleetShell fleetId={fleetId}>
      {({ forgetKey }) => <Wall options={options} onForget={forgetKey} />}
    </FleetShell>
  );
}

function Wall({ options, onForget }: { options: WallOptions; onForget: () => void }) {
  const name = useFleet((s) => s.fleet?.name ?? s.fleetId);
  const alerts = useFleet((s) => s.alerts);
  const steady = useReducedMotion();
  const ringing = useMemo(() => loudestFirst(alerts.filter(isRinging)), [alerts]);
  const vehicleIds = useMemo(
    () => [...new Set(ringing.map((a) => a.vehicleId))].sort(),
    [ringing],
  );
  const loudest = ringing[0];
  const sound = useAlarm(loudest?.severity ?? null);
  const holding = loudest !== undefined;
  const { view, lap } = useRotation(options.views, options.rotateMs, holding);
  const focus: WallFocus = holding ? 'alarm' : view;
  const onMap = useCallback((ref: MapRef) => {
    window.fleetlightMap = ref.getMap();
  }, []);

  return (
    <div
      className="wall"
      data-focus={focus}
      data-alarm={holding ? 'on' : 'off'}
      data-sound={sound}
      data-motion={steady ? 'steady' : 'flash'}
    >
      <header className="wall-header">
        <div className="wall-name">
          <h1>{name}</h1>
          <ConnectionIndicator />
        </div>
        <RotationBar
          views={options.views}
          view={view}
          lap={lap}
          periodMs={options.rotateMs}
          holding={holding}
        />
        <WallClock />
      </header>
      <div className="wall-stage">
        {loudest && <AlarmSpotlight alert={loudest} others={ringing.length - 1} />}
        <main className="wall-pane wall-pane-map" aria-label="Live map">
          <FleetMap onMap={onMap} interactive={false}>
            <VehicleLayer />
            <WallVehicleDiscs />
            <AlarmLayer vehicleIds={vehicleIds} steady={steady} />
            <WallFit steady={steady} hold={holding} />
          </FleetMap>
        </main>
        <div className="wall-pane wall-pane-kpi">
          <WallKpis />
        </div>
        <div className="wall-pane wall-pane-alerts">
          <WallAlerts />
        </div>
        <SoundGate state={sound} ringing={holding} />
        <WallStale staleMs={options.staleMs} onForget={onForget} />
      </div>
    </div>
  );
}

/** Critical before high; within one severity, the longest waiting first. */
function loudestFirst(list: FleetAlert[]): FleetAlert[] {
  return list.sort(
    (a, b) =>
      severityRank(b.severity) - severityRank(a.severity) || a.raisedAt - b.raisedAt,
  );
}
