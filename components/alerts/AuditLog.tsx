'use client';

import { useCallback, useEffect, useMemo, useState } from 'react';
import { fetchAudit, type AuditLog as AuditAnswer } from '@/lib/api/alerts';
import { isAbort } from '@/lib/api/client';
import { actorName } from '@/lib/alerts/describe';
import { formatDelay, humanize, vehicleLabel } from '@/lib/fleet/format';
import { SYSTEM_ACTOR, type AlertRulePatch, type AuditEntry } from '@/lib/protocol';
import { useFleet } from '../fleet-store-context';
import { FleetTime } from './AlertTimes';

interface Line {
  key: string;
  at: number;
  action: string;
  subject: string;
  actor: string;
  note?: string;
}

/**
 * Who did what, newest first (admins): every acknowledgement, resolution
 * and escalation, and every rule change, as the server recorded them.
 */
export function AuditLog({ apiKey }: { apiKey: string }) {
  const fleetId = useFleet((s) => s.fleetId);
  const alerts = useFleet((s) => s.alerts);
  const labels = useFleet((s) => s.labels);
  const me = useFleet((s) => s.identity?.key_id);
  const [answer, setAnswer] = useState<AuditAnswer | null>(null);
  const [error, setError] = useState<string | null>(null);

  const load = useCallback(
    (signal?: AbortSignal) =>
      fetchAudit(apiKey, fleetId, signal).then(
        (a) => {
          setAnswer(a);
          setError(null);
        },
        (e: unknown) => {
          if (!isAbort(e)) setError(`The audit log could not be read: ${String(e)}`);
        },
      ),
    [apiKey, fleetId],
  );

  useEffect(() => {
    const ctrl = new AbortController();
    void load(ctrl.signal);
    return () => ctrl.abort();
  }, [load]);

  const lines = useMemo(() => {
    if (!answer) return [];
    const byId = new Map(alerts.map((a) => [a.id, a]));
    const alertLines: Line[] = answer.entries.map((e) => {
      const a = byId.get(e.alert_id);
      const vehicle = a && (labels[a.vehicleId] ?? vehicleLabel(a.vehicleId));
      return {
        key: `a${e.id}`,
        at: Date.parse(e.at),
        action: auditAction(e),
        subject: a
          ? `${humanize(a.category)}, ${vehicle}`
          : `Alert ${e.alert_id.slice(0, 8)}`,
        actor: actorName(e.actor, me),
        ...(e.note !== undefined && { note: e.note }),
      };
    });
    const ruleLines: Line[] = (answer.rule_entries ?? []).map((e) => ({
      key: `r${e.id}`,
      at: Date.parse(e.at),
      action: e.action === 'rule_reset' ? 'Rule reset to default' : 'Rule changed',
      subject: humanize(e.category),
      actor: actorName(e.actor, me),
      ...(e.changes && { note: describeChanges(e.changes) }),
    }));
    return [...alertLines, ...ruleLines].sort((a, b) => b.at - a.at);
  }, [answer, alerts, labels, me]);

  return (
    <section className="card-section" aria-labelledby="audit-title">
      <h2 id="audit-title">
        Audit log
        <span className="spacer" />
        <button type="button" className="button subtle" onClick={() => void load()}>
          Refresh
        </button>
      </h2>
      {error && <p className="form-error">{error}</p>}
      {!answer && !error && <p className="muted">Loading the audit log…</p>}
      {answer && lines.length === 0 && <p className="empty">Nothing recorded yet.</p>}
      {lines.length > 0 && (
        <div className="table-wrap">
          <table className="table">
            <thead>
              <tr>
                <th scope="col">Time</th>
                <th scope="col">What</th>
                <th scope="col">Alert or rule</th>
                <th scope="col">By</th>
                <th scope="col">Note</th>
              </tr>
            </thead>
            <tbody>
              {lines.map((l) => (
                <tr key={l.key}>
                  <td className="nowrap">
                    <FleetTime at={l.at} />
                  </td>
                  <td>{l.action}</td>
                  <td>{l.subject}</td>
                  <td>{l.actor}</td>
                  <td>{l.note ?? ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

function auditAction(e: AuditEntry): string {
  if (e.action === 'escalate') return `Escalated to level ${e.escalation_level ?? '?'}`;
  if (e.action === 'resolve' && e.actor === SYSTEM_ACTOR) return 'Auto-resolved';
  return e.action === 'resolve' ? 'Resolved' : 'Acknowledged';
}

/** "escalation delay 7 min, auto-resolve off": what a rule change set. */
function describeChanges(c: AlertRulePatch): string {
  const parts: string[] = [];
  if (c.severity) parts.push(`from ${c.severity}`);
  if (c.notify_channels)
    parts.push(`by ${c.notify_channels.map(humanize).join(', ') || 'nothing'}`);
  if (c.escalation_delay_s !== undefined) {
    const d = c.escalation_delay_s;
    parts.push(`escalates ${d === 0 ? 'never' : `after ${formatDelay(d)}`}`);
  }
  if (c.auto_resolve !== undefined)
    parts.push(`auto-resolve ${c.auto_resolve ? 'on' : 'off'}`);
  if (c.auto_resolve_after_s !== undefined) {
    parts.push(`clear for ${formatDelay(c.auto_resolve_after_s)}`);
  }
  if (c.actions) parts.push(`actions ${c.actions.map(humanize).join(', ') || 'none'}`);
  return parts.join('; ');
}
