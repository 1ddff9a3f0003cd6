'use client';

import { useEffect } from 'react';
import { io, type Socket } from 'socket.io-client';
import { fromPayload, type Vehicle } from '@/lib/fleet/vehicle';
import type {
  ClientToServerEvents,
  HandshakeErrorData,
  ServerToClientEvents,
} from '@/lib/protocol';
import { Coalescer } from '@/lib/store/coalesce';
import { useFleetStoreApi } from './fleet-store-context';

type FleetSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/** Refusals that retrying cannot fix. */
const FINAL = new Set(['invalid_api_key', 'missing_api_key', 'fleet_forbidden']);

/**
 * Connects the fleet's store to the server over Socket.IO: a snapshot on
 * every (re)connect, then live envelopes coalesced per vehicle before the
 * store (and React) sees them.
 */
export function useFleetStream(apiKey: string | null | undefined): void {
  const store = useFleetStoreApi();

  useEffect(() => {
    if (!apiKey) return;
    const s = store.getState();
    const { fleetId, applyBatch, setConnection, setRoster } = s;
    const coalescer = new Coalescer((batch: Vehicle[]) => applyBatch(batch), 250);
    const socket: FleetSocket = io({ auth: { apiKey, fleetId } });

    setConnection('connecting', 'Connecting to the server…');
    socket.on('connect', () => setConnection('live'));
    socket.on('snapshot', (snap) => {
      setRoster(snap.fleet, snap.roster);
      s.onMetrics(snap.metrics);
      const now = Date.now();
      const batch = snap.vehicles.map((m) => fromPayload(m.payload, now));
      applyBatch(batch.filter((v): v is Vehicle => v !== null));
    });
    socket.on('vehicle_locations', (msg) => {
      const v = fromPayload(msg.payload, Date.now());
      if (v) coalescer.push(v);
    });
    socket.on('trip_events', (m) => s.onTripEvent(m));
    socket.on('alerts', (m) => s.onAlert(m));
    socket.on('maintenance_alerts', (m) => s.onAlert(m));
    socket.on('fleet_metrics', (m) => s.onMetrics([m.payload]));
    socket.on('route_progress', (m) => s.onRouteProgress(m));
    socket.on('telemetry', (m) => s.onTelemetry(m));
    socket.on('driver_status', (m) => s.onDriverStatus(m));
    socket.on('connect_error', (error: Error & { data?: HandshakeErrorData }) => {
      const code = error.data?.code;
      if (code && FINAL.has(code)) {
        setConnection('unauthorized', error.data?.message ?? error.message);
        return;
      }
      if (!socket.active) socket.connect();
      setConnection('reconnecting', 'Cannot reach the server; retrying…');
    });
    socket.on('disconnect', (reason) => {
      if (reason === 'io client disconnect') return;
      setConnection('reconnecting', 'Connection lost; reconnecting…');
    });

    const offline = () =>
      setConnection('offline', 'This device is offline; waiting for the network…');
    const online = () => {
      if (!socket.connected) socket.connect();
    };
    window.addEventListener('offline', offline);
    window.addEventListener('online', online);

    return () => {
      window.removeEventListener('offline', offline);
      window.removeEventListener('online', online);
      coalescer.dispose();
      socket.disconnect();
    };
  }, [apiKey, store]);
}
