'use client';

import { useEffect } from 'react';
import { io } from 'socket.io-client';
import { fromPayload, type Vehicle } from '@/lib/fleet/vehicle';
import type { HandshakeErrorData } from '@/lib/protocol';
import { Coalescer, drainWhenVisible } from '@/lib/store/coalesce';
import {
  useFleetSocketRef,
  useFleetStoreApi,
  type FleetSocket,
} from './fleet-store-context';

/** Refusals that retrying cannot fix. */
const FINAL = new Set(['invalid_api_key', 'missing_api_key', 'fleet_forbidden']);

/**
 * Connects the fleet's store to the server over Socket.IO: a snapshot on
 * every (re)connect, then live envelopes coalesced per vehicle before the
 * store (and React) sees them.
 */
export function useFleetStream(apiKey: string | null | undefined): void {
  const store = useFleetStoreApi();
  const socketRef = useFleetSocketRef();

  useEffect(() => {
    if (!apiKey) return;
    const s = store.getState();
    const { fleetId, applyBatch, setConnection, setRoster } = s;
    const coalescer = new Coalescer((batch: Vehicle[]) => applyBatch(batch), 250);
    const socket: FleetSocket = io({ auth: { apiKey, fleetId } });
    socketRef.current = socket;

    setConnection('connecting', 'Connecting to the server…');
    socket.on('connect', () => {
      s.setRetry(null);
      setConnection('live');
    });
    socket.io.on('reconnect_attempt', (attempt) => s.setRetry({ attempt, nextAt: null }));
    socket.io.on('reconnect_error', () => {
      const attempt = (store.getState().retry?.attempt ?? 0) + 1;
      s.setRetry({ attempt, nextAt: Date.now() + retryDelay(attempt) });
    });
    const stopCatchUp = drainWhenVisible(coalescer, document);
    socket.on('snapshot', (snap) => {
      s.setClockOffset(clockOffset(Date.parse(snap.timestamp)));
      setRoster(snap.fleet, snap.roster);
      s.onMetrics(snap.metrics);
      const now = Date.now();
      const batch = snap.vehicles.map((m) => {
        const v = fromPayload(m.payload, now);
        if (v) v.fromSnapshot = true;
        return v;
      });
      applyBatch(batch.filter((v): v is Vehicle => v !== null));
    });
    socket.on('vehicle_locations', (msg) => {
      const v = fromPayload(msg.payload, Date.now());
      if (v) coalescer.push(v);
    });
    socket.on('trip_events', (m) => s.onTripEvent(m));
    socket.on('alerts', (m) => s.onAlert(m));
    socket.on('maintenance_alerts', (m) => s.onAlert(m));
    socket.on('alert-rules', (list) => s.onRules(list));
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
      // Socket.IO leaves reconnecting to us after the server closed the
      // socket: on shutdown, or when the key was revoked (the handshake
      // then says so).
      if (reason === 'io server disconnect') socket.connect();
      s.setRetry({ attempt: 1, nextAt: Date.now() + retryDelay(1) });
      setConnection('reconnecting', 'Connection lost; reconnecting…');
    });

    const offline = () =>
      setConnection(
        'offline',
        'This browser is offline; reconnecting as soon as the network is back.',
      );
    const online = () => {
      // A short outage may not have cost the socket its connection: then
      // no "connect" follows to say the page is live again.
      if (socket.connected) setConnection('live');
      else socket.connect();
    };
    window.addEventListener('offline', offline);
    window.addEventListener('online', online);

    return () => {
      window.removeEventListener('offline', offline);
      window.removeEventListener('online', online);
      stopCatchUp();
      coalescer.dispose();
      socket.disconnect();
      if (socketRef.current === socket) socketRef.current = null;
    };
  }, [apiKey, store, socketRef]);
}

/**
 * When Socket.IO's next reconnection attempt is about due: its backoff
 * doubles from `reconnectionDelay` (1 s) up to `reconnectionDelayMax`
 * (5 s), give or take its 50 % jitter, so a banner can count down.
 */
function retryDelay(attempt: number): number {
  return Math.min(5000, 1000 * 2 ** Math.max(0, attempt - 1));
}

/** Below this, a difference of clocks is the snapshot's own transit time. */
const CLOCK_NOISE_MS = 2000;

/**
 * The server's clock minus this browser's, for countdowns to server times
 * (escalation, auto-resolve) on a device whose clock is off.
 */
function clockOffset(serverNow: number): number {
  const offset = serverNow - Date.now();
  return Math.abs(offset) < CLOCK_NOISE_MS ? 0 : offset;
}
