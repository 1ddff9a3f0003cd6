'use client';

import { useEffect, useState } from 'react';
import { isAbort } from '@/lib/api/client';
import { channelLabel } from '@/lib/alerts/describe';
import { fetchRules, resetRule } from '@/lib/api/rules';
import { formatDelay, humanize } from '@/lib/fleet/format';
import type { AlertRule } from '@/lib/protocol';
import { useFleet, useFleetStoreApi } from '../fleet-store-context';
import { RuleDialog } from './RuleDialog';

/**
 * The fleet's alert rules (admins): who hears of each category, when an
 * unacknowledged alert escalates, whether it resolves by itself. Every
 * change reaches every open page through the stream's `alert-rules`.
 */
export function RulesEditor({ apiKey }: { apiKey: string }) {
  const store = useFleetStoreApi();
  const fleetId = useFleet((s) => s.fleetId);
  const rules = useFleet((s) => s.rules);
  const [error, setError] = useState<string | null>(null);
  const [editing, setEditing] = useState<AlertRule | null>(null);
  const [said, setSaid] = useState('');

  useEffect(() => {
    const ctrl = new AbortController();
    fetchRules(apiKey, fleetId, ctrl.signal).then(
      (list) => store.getState().onRules({ fleet_id: fleetId, rules: list }),
      (e: unknown) => {
        if (!isAbort(e)) setError(`The rules could not be read: ${String(e)}`);
      },
    );
    return () => ctrl.abort();
  }, [apiKey, fleetId, store]);

  const reload = async () => {
    const list = await fetchRules(apiKey, fleetId);
    store.getState().onRules({ fleet_id: fleetId, rules: list });
  };

  const reset = async (rule: AlertRule) => {
    setSaid('');
    try {
      await resetRule(apiKey, fleetId, rule.category);
      await reload();
      setSaid(`${humanize(rule.category)} is back to its default.`);
    } catch (e) {
      setSaid(`${humanize(rule.category)} could not be reset: ${String(e)}`);
    }
  };

  return (
    <section className="card-section" aria-labelledby="rules-title">
      <h2 id="rules-title">Alert rules</h2>
      <p className="muted">
        Alerts below a rule&apos;s severity are listed but notify nobody. An alert nobody
        acknowledges escalates after the delay, up to level 3.
      </p>
      {error && <p className="form-error">{error}</p>}
      <p className="muted" role="status">
        {said}
      </p>
      {rules === null && !error && <p className="muted">Loading rules…</p>}
      {rules && (
        <div className="table-wrap">
          <table className="table">
            <thead>
              <tr>
                <th scope="col">Category</th>
                <th scope="col">Notifies from</th>
                <th scope="col">Channels</th>
                <th scope="col">Escalates after</th>
                <th scope="col">Auto-resolve</th>
                <th scope="col">Actions</th>
                <th scope="col">
                  <span className="visually-hidden">Change</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {rules.map((rule) => (
                <RuleRow
                  key={rule.category}
                  rule={rule}
                  onEdit={() => setEditing(rule)}
                  onReset={() => void reset(rule)}
                />
              ))}
            </tbody>
          </table>
        </div>
      )}
      <RuleDialog
        apiKey={apiKey}
        rule={editing}
        onClose={() => setEditing(null)}
        onSaved={async (rule) => {
          await reload();
          setSaid(`${humanize(rule.category)} saved.`);
        }}
      />
    </section>
  );
}

function RuleRow({
  rule,
  onEdit,
  onReset,
}: {
  rule: AlertRule;
  onEdit: () => void;
  onReset: () => void;
}) {
  const name = humanize(rule.category);
  return (
    <tr data-category={rule.category}>
      <th scope="row">
        {name}
        <span className="muted block">
          {humanize(rule.group)}
          {!rule.is_default && ' · changed'}
        </span>
      </th>
      <td>
        <span className="badge" data-severity={rule.severity}>
          {rule.severity}
        </span>
      </td>
      <td>{rule.notify_channels.map(channelLabel).join(', ') || '—'}</td>
      <td data-testid="escalation-delay">
        {rule.escalation_delay_s === 0 ? 'Never' : formatDelay(rule.escalation_delay_s)}
      </td>
      <td>
        {!rule.auto_resolve
          ? 'No'
          : rule.auto_resolve_after_s === 0
            ? 'Once clear'
            : `After ${formatDelay(rule.auto_resolve_after_s)} clear`}
      </td>
      <td>{rule.actions.map(humanize).join(', ') || '—'}</td>
      <td className="row-buttons">
        <button
          type="button"
          className="button subtle"
          aria-label={`Edit ${name}`}
          onClick={onEdit}
        >
          Edit
        </button>
        {!rule.is_default && (
          <button
            type="button"
            className="button subtle"
            aria-label={`Reset ${name} to default`}
            onClick={onReset}
          >
            Reset to default
          </button>
        )}
      </td>
    </tr>
  );
}
