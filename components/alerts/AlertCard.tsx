'use client';

import { isRinging, type FleetAlert } from '@/lib/alerts/alert';
import { actorName, describeAlert } from '@/lib/alerts/describe';
import { humanize, vehicleLabel } from '@/lib/fleet/format';
import { useFleet } from '../fleet-store-context';
import { useIsAdmin } from '../use-identity';
import { cardId, useAlertActionUi } from './AlertActionsProvider';
import { Ago, Countdown, FleetTime } from './AlertTimes';
import { SeverityBadge } from './SeverityBadge';
import './alert-card.css';

/**
 * One alert: what happened to which vehicle, when and how often, how far
 * it has escalated and who has it in hand. Admins get its actions. The
 * vehicle's name opens its history (or whatever `onVehicle` does).
 */
export function AlertCard({
  alert,
  compact = false,
  onVehicle,
}: {
  alert: FleetAlert;
  compact?: boolean;
  onVehicle?: (vehicleId: string) => void;
}) {
  const label =
    useFleet((s) => s.labels[alert.vehicleId]) ?? vehicleLabel(alert.vehicleId);
  const title = humanize(alert.category);
  const what = describeAlert(alert);

  return (
    <article
      id={cardId(alert.id)}
      tabIndex={-1}
      className={compact ? 'alert-card compact' : 'alert-card'}
      data-severity={alert.severity}
      data-status={alert.status}
      data-ringing={isRinging(alert) || undefined}
      data-alert-id={alert.id}
      data-vehicle-id={alert.vehicleId}
      aria-label={`${alert.severity} ${title}, ${label}`}
    >
      <div className="alert-sev">
        <SeverityBadge severity={alert.severity} />
      </div>
      <div className="alert-main">
        <h3>
          {title}
          {alert.occurrences > 1 && (
            <span className="count" title={`${alert.occurrences} episodes`}>
              ×{alert.occurrences}
            </span>
          )}
        </h3>
        <p className="alert-meta">
          {onVehicle ? (
            <button
              type="button"
              className="link"
              onClick={() => onVehicle(alert.vehicleId)}
            >
              {label}
            </button>
          ) : (
            <span>{label}</span>
          )}
          {what && <span> · {what}</span>}
          {alert.place && <span className="muted place"> · {alert.place}</span>}
        </p>
      </div>
      <p className="alert-when">
        <FleetTime at={alert.raisedAt} />
        <span className="muted">
          {' '}
          · <Ago at={alert.raisedAt} />
        </span>
        {alert.occurrences > 1 && (
          <span className="muted last-seen">
            last <FleetTime at={alert.lastSeenAt} />
          </span>
        )}
      </p>
      <div className="alert-state">
        <AlertStatus alert={alert} />
        <Escalation alert={alert} />
      </div>
      <AlertActions alert={alert} title={title} vehicle={label} />
    </article>
  );
}

function AlertStatus({ alert }: { alert: FleetAlert }) {
  const me = useFleet((s) => s.identity?.key_id);
  const { acknowledged, resolved } = alert;

  if (resolved) {
    const how = resolved.auto
      ? 'Auto-resolved'
      : `Resolved by ${actorName(resolved.by, me)}`;
    return (
      <p className="status-line">
        <span className="status-pill" data-status="resolved">
          Resolved
        </span>{' '}
        <span className="muted">
          {how} · <FleetTime at={resolved.at} />
        </span>
        {resolved.note && <q className="note">{resolved.note}</q>}
      </p>
    );
  }
  return (
    <p className="status-line">
      <span className="status-pill" data-status={alert.status}>
        {alert.status === 'active' ? 'Active' : 'Acknowledged'}
      </span>{' '}
      {acknowledged && (
        <span className="muted">
          by {actorName(acknowledged.by, me)} · <FleetTime at={acknowledged.at} />
        </span>
      )}
      <Cleared alert={alert} />
      {acknowledged?.note && <q className="note">{acknowledged.note}</q>}
    </p>
  );
}

/**
 * The engine has seen the condition clear: say when the rule resolves the
 * alert by itself, or just that it cleared where the rule never does.
 */
function Cleared({ alert }: { alert: FleetAlert }) {
  if (alert.clearedAt === undefined) return null;
  return (
    <span className="muted cleared">
      {' · '}
      cleared
      {alert.autoResolveAt !== undefined && (
        <>
          {' · '}
          <Countdown to={alert.autoResolveAt} label="auto-resolves" />
        </>
      )}
    </span>
  );
}

function Escalation({ alert }: { alert: FleetAlert }) {
  const level = alert.escalationLevel;
  const pending = alert.status === 'active' && alert.escalateAt !== undefined;
  if (level === 0 && !pending) return null;
  return (
    <p className="escalation">
      {level > 0 && (
        <span className="level" title="Escalation level">
          Level {level}
        </span>
      )}
      {pending && alert.escalateAt !== undefined && (
        <Countdown to={alert.escalateAt} label="escalates" />
      )}
    </p>
  );
}

function AlertActions({
  alert,
  title,
  vehicle,
}: {
  alert: FleetAlert;
  title: string;
  vehicle: string;
}) {
  const admin = useIsAdmin();
  const { request, notices } = useAlertActionUi();
  const notice = notices[alert.id];
  if (!admin || (alert.status === 'resolved' && !notice)) return null;

  const what = `${title} on ${vehicle}`;
  return (
    <div className="alert-actions">
      {alert.status === 'active' && (
        <button
          type="button"
          className="button"
          aria-label={`Acknowledge ${what}`}
          onClick={(e) => request(alert, 'acknowledge', e.currentTarget)}
        >
          Acknowledge
        </button>
      )}
      {alert.status !== 'resolved' && (
        <button
          type="button"
          className="button subtle"
          aria-label={`Resolve ${what}`}
          onClick={(e) => request(alert, 'resolve', e.currentTarget)}
        >
          Resolve
        </button>
      )}
      {notice && (
        <p className="alert-notice" role="status">
          {notice}
        </p>
      )}
    </div>
  );
}
