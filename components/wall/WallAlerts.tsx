'use client';

import {
  useEffect,
  useLayoutEffect,
  useMemo,
  useRef,
  useState,
  type RefObject,
} from 'react';
import { isRinging, type FleetAlert } from '@/lib/alerts/alert';
import { actorName, describeAlert } from '@/lib/alerts/describe';
import { wallOrder } from '@/lib/alerts/filter';
import { humanize, vehicleLabel } from '@/lib/fleet/format';
import { Ago, Countdown } from '../alerts/AlertTimes';
import { SeverityBadge } from '../alerts/SeverityBadge';
import { useFleet } from '../fleet-store-context';

/** Rows rendered at most; a wall shows those that fit and counts the rest. */
const MAX_ROWS = 30;

/**
 * The open alerts, most severe and longest waiting first, in big type.
 * Nobody scrolls a wall: rows that do not fit whole are left out and
 * counted below.
 */
export function WallAlerts() {
  const alerts = useFleet((s) => s.alerts);
  const loaded = useFleet((s) => s.alertsLoaded);
  const open = useMemo(() => wallOrder(alerts), [alerts]);
  const ringing = open.filter(isRinging).length;
  const box = useRef<HTMLDivElement>(null);
  const fit = useRowsThatFit(box, open.length);
  const shown = open.slice(0, Math.min(MAX_ROWS, fit));
  const more = open.length - shown.length;

  return (
    <section className="wall-alerts" aria-labelledby="wall-alerts-title">
      <h2 id="wall-alerts-title">
        Open alerts <span className="wall-count">{open.length}</span>
        {ringing > 0 && (
          <span className="wall-waiting">
            {ringing} high or critical waiting for acknowledgement
          </span>
        )}
      </h2>
      {loaded && open.length === 0 && (
        <p className="wall-clear">
          <span aria-hidden>✓</span> No open alerts
        </p>
      )}
      <div className="wall-fit" ref={box}>
        <ol className="wall-list">
          {open.slice(0, MAX_ROWS).map((a, i) => (
            <WallRow key={a.id} alert={a} hidden={i >= shown.length} />
          ))}
        </ol>
      </div>
      {more > 0 && (
        <p className="wall-more">
          + {more} more open {more === 1 ? 'alert' : 'alerts'}
        </p>
      )}
    </section>
  );
}

/**
 * How many rows of the list inside `box` fit in it whole, kept current:
 * measured again at the next frame whenever `rows` changes, and whenever
 * the box or the list changes size. The ResizeObserver alone left a new
 * alarm's rows hidden for seconds on a busy page.
 */
function useRowsThatFit(box: RefObject<HTMLDivElement | null>, rows: number): number {
  const [fit, setFit] = useState(MAX_ROWS);

  useLayoutEffect(() => {
    const el = box.current;
    if (!el) return;
    const frame = requestAnimationFrame(() => setFit(rowsThatFit(el)));
    return () => cancelAnimationFrame(frame);
  }, [box, rows]);

  useEffect(() => {
    const el = box.current;
    const list = el?.firstElementChild;
    if (!el || !list) return;
    const observer = new ResizeObserver(() => setFit(rowsThatFit(el)));
    observer.observe(el);
    observer.observe(list);
    return () => observer.disconnect();
  }, [box]);

  return fit;
}

function rowsThatFit(box: HTMLElement): number {
  const list = box.firstElementChild;
  let n = 0;
  for (const row of list?.children ?? []) {
    const r = row as HTMLElement;
    if (r.offsetTop + r.offsetHeight > box.clientHeight) break;
    n++;
  }
  return n;
}

function WallRow({ alert, hidden }: { alert: FleetAlert; hidden: boolean }) {
  const label =
    useFleet((s) => s.labels[alert.vehicleId]) ?? vehicleLabel(alert.vehicleId);
  const me = useFleet((s) => s.identity?.key_id);
  const ringing = isRinging(alert);
  const what = describeAlert(alert);

  return (
    <li
      className="wall-row"
      data-alert-id={alert.id}
      data-severity={alert.severity}
      data-status={alert.status}
      data-ringing={ringing || undefined}
      data-hidden={hidden || undefined}
      aria-hidden={hidden || undefined}
    >
      <SeverityBadge severity={alert.severity} />
      <div className="wall-row-main">
        <p className="wall-title">
          {humanize(alert.category)}
          {alert.occurrences > 1 && <span className="count"> ×{alert.occurrences}</span>}
        </p>
        <p className="wall-vehicle">
          {label}
          {what && <span className="muted"> · {what}</span>}
        </p>
      </div>
      <div className="wall-row-state">
        <p className="wall-status" data-testid="wall-status">
          {alert.acknowledged
            ? `Acknowledged by ${actorName(alert.acknowledged.by, me)}`
            : 'Not acknowledged'}
        </p>
        <p className="muted">
          raised <Ago at={alert.raisedAt} />
          {alert.escalationLevel > 0 && <> · level {alert.escalationLevel}</>}
          {alert.status === 'active' && alert.escalateAt !== undefined && (
            <>
              {' · '}
              <Countdown to={alert.escalateAt} label="escalates" />
            </>
          )}
        </p>
      </div>
    </li>
  );
}
