'use client';

import { useEffect, useRef, useState } from 'react';
import { isUrgent } from '@/lib/alerts/alert';
import { describeAlert } from '@/lib/alerts/describe';
import { humanize, vehicleLabel } from '@/lib/fleet/format';
import { showDesktopAlert } from './alerts/desktop-alerts';
import { useFleetStoreApi } from './fleet-store-context';

interface Toast {
  id: string;
  text: string;
  tone: 'info' | 'alert';
}

const SHOW_MS = 5000;
const MAX = 3;

/**
 * Short notices: trip events of the selected vehicle, and every high or
 * critical alert the stream raises (a desktop notification instead, when
 * the person has allowed them). At most three at once; older ones make
 * way.
 */
export function Toasts() {
  const store = useFleetStoreApi();
  const [toasts, setToasts] = useState<Toast[]>([]);
  const timers = useRef(new Set<ReturnType<typeof setTimeout>>());

  useEffect(() => {
    const pending = timers.current;
    const push = (t: Toast) => {
      setToasts((list) => [t, ...list.filter((x) => x.id !== t.id)].slice(0, MAX));
      const timer = setTimeout(() => {
        pending.delete(timer);
        setToasts((list) => list.filter((x) => x.id !== t.id));
      }, SHOW_MS);
      pending.add(timer);
    };
    const unsubscribe = store.subscribe((s, prev) => {
      const trip = s.activity[0];
      if (trip && trip !== prev.activity[0] && trip.payload.vehicle_id === s.selectedId) {
        const who =
          s.labels[trip.payload.vehicle_id] ?? vehicleLabel(trip.payload.vehicle_id);
        const where = trip.payload.waypoint?.name
          ? ` at ${trip.payload.waypoint.name}`
          : '';
        push({
          id: trip.id,
          text: `${who}: ${humanize(trip.payload.event)}${where}`,
          tone: 'info',
        });
      }
      const alert = s.raised;
      if (alert && alert !== prev.raised && isUrgent(alert)) {
        const who = s.labels[alert.vehicleId] ?? vehicleLabel(alert.vehicleId);
        const title = `${humanize(alert.category)} (${alert.severity}): ${who}`;
        if (!showDesktopAlert(title, describeAlert(alert), alert.id)) {
          push({ id: alert.id, text: title, tone: 'alert' });
        }
      }
    });
    return () => {
      unsubscribe();
      for (const t of pending) clearTimeout(t);
      pending.clear();
    };
  }, [store]);

  return (
    <div className="toasts" role="status" aria-live="polite">
      {toasts.map((t) => (
        <div key={t.id} className="toast" data-tone={t.tone}>
          {t.text}
        </div>
      ))}
    </div>
  );
}
