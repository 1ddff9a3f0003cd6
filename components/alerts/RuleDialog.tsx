'use client';

import { useState, type FormEvent } from 'react';
import { SEVERITIES } from '@/lib/alerts/alert';
import { channelLabel } from '@/lib/alerts/describe';
import { saveRule } from '@/lib/api/rules';
import { humanize } from '@/lib/fleet/format';
import {
  ENGINE_RULES,
  MAX_RULE_DELAY_S,
  NOTIFY_CHANNELS,
  SPEC_RULES,
  type AlertRule,
  type AlertRulePatch,
  type NotifyChannel,
  type Severity,
} from '@/lib/protocol';
import { Dialog } from '../Dialog';
import { useFleet } from '../fleet-store-context';
import { useSubmit } from '../use-submit';

/** Every action a default rule names, for the checkboxes. */
const KNOWN_ACTIONS = [
  ...new Set(
    [...Object.values(SPEC_RULES), ...Object.values(ENGINE_RULES)].flatMap(
      (r) => r.actions,
    ),
  ),
];

const MAX_MINUTES = MAX_RULE_DELAY_S / 60;

/** Edits one rule; sends every field, so what is saved is what was shown. */
export function RuleDialog({
  apiKey,
  rule,
  onClose,
  onSaved,
}: {
  apiKey: string;
  rule: AlertRule | null;
  onClose: () => void;
  onSaved: (rule: AlertRule) => Promise<void>;
}) {
  return (
    <Dialog
      open={rule !== null}
      title={rule ? `${humanize(rule.category)} rule` : ''}
      onClose={onClose}
    >
      {rule && (
        <RuleForm apiKey={apiKey} rule={rule} onClose={onClose} onSaved={onSaved} />
      )}
    </Dialog>
  );
}

function RuleForm({
  apiKey,
  rule,
  onClose,
  onSaved,
}: {
  apiKey: string;
  rule: AlertRule;
  onClose: () => void;
  onSaved: (rule: AlertRule) => Promise<void>;
}) {
  const fleetId = useFleet((s) => s.fleetId);
  const [severity, setSeverity] = useState<Severity>(rule.severity);
  const [channels, setChannels] = useState<NotifyChannel[]>(rule.notify_channels);
  const [escalation, setEscalation] = useState(minutes(rule.escalation_delay_s));
  const [autoResolve, setAutoResolve] = useState(rule.auto_resolve);
  const [resolveAfter, setResolveAfter] = useState(minutes(rule.auto_resolve_after_s));
  const [actions, setActions] = useState<string[]>(rule.actions);
  const { busy, error, run } = useSubmit();
  const actionChoices = [...new Set([...KNOWN_ACTIONS, ...rule.actions])];

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const patch: AlertRulePatch = {
      severity,
      notify_channels: NOTIFY_CHANNELS.filter((c) => channels.includes(c)),
      escalation_delay_s: seconds(escalation),
      auto_resolve: autoResolve,
      auto_resolve_after_s: seconds(resolveAfter),
      actions,
    };
    await run(async () => {
      await saveRule(apiKey, fleetId, rule.category, patch);
      await onSaved(rule);
      onClose();
    });
  };

  return (
    <form className="form" onSubmit={(e) => void submit(e)}>
      <label className="field">
        <span>Notify from severity</span>
        <select
          value={severity}
          onChange={(e) => setSeverity(e.target.value as Severity)}
        >
          {[...SEVERITIES].reverse().map((s) => (
            <option key={s} value={s}>
              {humanize(s)}
            </option>
          ))}
        </select>
      </label>
      <Checkboxes
        legend="Notify by"
        choices={NOTIFY_CHANNELS}
        chosen={channels}
        label={(c) => channelLabel(c as NotifyChannel)}
        onChange={(c) => setChannels(c as NotifyChannel[])}
      />
      <label className="field">
        <span>Escalate after (minutes)</span>
        <input
          type="number"
          min={0}
          max={MAX_MINUTES}
          step="any"
          required
          value={escalation}
          onChange={(e) => setEscalation(e.target.value)}
          aria-describedby="escalation-hint"
        />
        <small id="escalation-hint" className="muted">
          0 never escalates.
        </small>
      </label>
      <label className="check">
        <input
          type="checkbox"
          checked={autoResolve}
          onChange={(e) => setAutoResolve(e.target.checked)}
        />
        Resolve by itself once the condition has cleared
      </label>
      <label className="field">
        <span>Clear for (minutes) before resolving</span>
        <input
          type="number"
          min={0}
          max={MAX_MINUTES}
          step="any"
          required
          disabled={!autoResolve}
          value={resolveAfter}
          onChange={(e) => setResolveAfter(e.target.value)}
        />
      </label>
      <Checkboxes
        legend="Actions"
        choices={actionChoices}
        chosen={actions}
        label={humanize}
        onChange={setActions}
      />
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      <div className="form-buttons">
        <button type="button" className="button subtle" onClick={onClose}>
          Cancel
        </button>
        <button type="submit" className="button primary" disabled={busy}>
          {busy ? 'Saving…' : 'Save rule'}
        </button>
      </div>
    </form>
  );
}

function Checkboxes({
  legend,
  choices,
  chosen,
  label,
  onChange,
}: {
  legend: string;
  choices: readonly string[];
  chosen: readonly string[];
  label: (choice: string) => string;
  onChange: (chosen: string[]) => void;
}) {
  return (
    <fieldset className="checks">
      <legend>{legend}</legend>
      {choices.map((c) => (
        <label key={c} className="check">
          <input
            type="checkbox"
            checked={chosen.includes(c)}
            onChange={(e) =>
              onChange(
                e.target.checked
                  ? choices.filter((x) => x === c || chosen.includes(x))
                  : chosen.filter((x) => x !== c),
              )
            }
          />
          {label(c)}
        </label>
      ))}
    </fieldset>
  );
}

/** A delay in seconds as the minutes field shows it: 90 → "1.5". */
function minutes(s: number): string {
  return String(Math.round((s / 60) * 100) / 100);
}

/** What the minutes field holds, as the whole seconds the server takes. */
function seconds(text: string): number {
  const n = Number(text);
  if (!Number.isFinite(n) || n < 0) return 0;
  return Math.min(MAX_RULE_DELAY_S, Math.round(n * 60));
}
