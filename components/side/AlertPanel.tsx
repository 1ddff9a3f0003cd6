'use client';

import Link from 'next/link';
import { useSearchParams } from 'next/navigation';
import { useEffect, useRef, useState } from 'react';
import { isOpen } from '@/lib/alerts/alert';
import { cardId } from '../alerts/AlertActionsProvider';
import { AlertCard } from '../alerts/AlertCard';
import { useFleet } from '../fleet-store-context';

/** The most the panel lists; the alerts page has them all. */
const SHOWN = 30;

/**
 * The fleet's alerts beside the map: open ones by default, every one on
 * request, newest first. A vehicle's name shows it on the map. A link
 * with `?alert=<id>` (the notification e-mails carry one) shows that
 * alert and its vehicle once the alert is known.
 */
export function AlertPanel() {
  const fleetId = useFleet((s) => s.fleetId);
  const alerts = useFleet((s) => s.alerts);
  const select = useFleet((s) => s.select);
  const error = useFleet((s) => s.alertsError);
  const [all, setAll] = useState(false);
  const linked = useLinkedAlert(select);
  const shown = all ? alerts : alerts.filter((a) => isOpen(a) || a.id === linked);
  const open = alerts.filter(isOpen).length;

  return (
    <section className="panel" aria-labelledby="alerts-title">
      <h2 id="alerts-title">
        Alerts <span className="muted">{open} open</span>
        <span className="spacer" />
        <button
          type="button"
          className="link small"
          aria-pressed={all}
          onClick={() => setAll((v) => !v)}
        >
          {all ? 'Open only' : 'Show resolved'}
        </button>
        <Link className="small" href={`/fleet/${encodeURIComponent(fleetId)}/alerts`}>
          All alerts
        </Link>
      </h2>
      {error && <p className="panel-note form-error">{error}</p>}
      {shown.length === 0 && (
        <p className="muted panel-note">{all ? 'No alerts.' : 'No open alerts.'}</p>
      )}
      <ul className="alert-list">
        {shown.slice(0, SHOWN).map((a) => (
          <li key={a.id}>
            <AlertCard alert={a} compact onVehicle={select} />
          </li>
        ))}
      </ul>
    </section>
  );
}

/**
 * The alert a link names: once the store holds it, its vehicle is
 * selected and its card brought into view and focused, once per page.
 */
function useLinkedAlert(select: (vehicleId: string) => void): string | null {
  const wanted = useSearchParams().get('alert');
  const target = useFleet((s) =>
    wanted === null ? undefined : s.alerts.find((a) => a.id === wanted),
  );
  const done = useRef(false);

  useEffect(() => {
    if (!target || done.current) return;
    done.current = true;
    select(target.vehicleId);
    const card = document.getElementById(cardId(target.id));
    card?.scrollIntoView({ block: 'center' });
    card?.focus();
  }, [target, select]);

  return wanted;
}
