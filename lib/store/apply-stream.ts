import { fromMessage } from '../alerts/alert';
import type { LiveFix } from '../fleet/position-fixes';
import { fromPayload, type Vehicle } from '../fleet/vehicle';
import type { ServerToClientEvents } from '../protocol';
import type { FleetStoreState } from './fleet-store';

type ServerEvent = {
  [E in keyof ServerToClientEvents]: {
    name: E;
    data: Parameters<ServerToClientEvents[E]>[0];
  };
}[keyof ServerToClientEvents];

/**
 * A server event by name, as the socket or another tab hands it over.
 * A `positions` batch comes already read into fixes: reading one needs
 * the connection's position index, which only the socket's tab holds.
 */
export type StreamEvent =
  Exclude<ServerEvent, { name: 'positions' }> | { name: 'positions'; data: LiveFix[] };

/** Below this, a difference of clocks is the snapshot's own transit time. */
const CLOCK_NOISE_MS = 2000;

/**
 * Applies one server event, already de-duplicated, to a fleet's store
 * (`s` is read for its actions only). Positions, one by one or in a
 * batch, go to `push`, the coalescer, rather than the store. A
 * snapshot after a reset replaces the vehicles and open alerts; one
 * followed by a replay only refreshes the positions.
 */
export function applyStreamEvent(
  s: FleetStoreState,
  e: StreamEvent,
  push: (v: Vehicle) => void,
): void {
  switch (e.name) {
    case 'snapshot': {
      const snap = e.data;
      s.setClockOffset(clockOffset(Date.parse(snap.timestamp)));
      s.setRoster(snap.fleet, snap.roster);
      s.onMetrics(snap.metrics);
      const now = Date.now();
      const vehicles: Vehicle[] = [];
      for (const m of snap.vehicles) {
        const v = fromPayload(m.payload, now);
        // A snapshot's fix may be minutes old: it says nothing of feed delay.
        if (v) vehicles.push({ ...v, fromSnapshot: true });
      }
      // A replay follows a snapshot only on a page that was live before.
      if (snap.resume?.status === 'replayed') return s.applyBatch(vehicles);
      s.replaceLive(vehicles, snap.alerts?.map(fromMessage));
      return;
    }
    case 'vehicle_locations': {
      const v = fromPayload(e.data.payload, Date.now());
      if (v) push(v);
      return;
    }
    case 'positions': {
      const receivedAt = Date.now();
      for (const fix of e.data) push({ ...fix, receivedAt });
      return;
    }
    case 'trip_events':
      return s.onTripEvent(e.data);
    case 'alerts':
    case 'maintenance_alerts':
      return s.onAlert(e.data);
    case 'alert-rules':
      return s.onRules(e.data);
    case 'fleet_metrics':
      return s.onMetrics([e.data.payload]);
    case 'route_progress':
      return s.onRouteProgress(e.data);
    case 'telemetry':
      return s.onTelemetry(e.data);
    case 'driver_status':
      return s.onDriverStatus(e.data);
  }
}

/**
 * The server's clock minus this browser's, for countdowns to server times
 * (escalation, auto-resolve) on a device whose clock is off.
 */
function clockOffset(serverNow: number): number {
  const offset = serverNow - Date.now();
  return Math.abs(offset) < CLOCK_NOISE_MS ? 0 : offset;
}
