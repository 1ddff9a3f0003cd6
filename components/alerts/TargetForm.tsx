'use client';

import { useState, type FormEvent } from 'react';
import { SEVERITIES } from '@/lib/alerts/alert';
import { addTarget } from '@/lib/api/notify';
import { humanize } from '@/lib/fleet/format';
import {
  MAX_ESCALATION_LEVEL,
  type NotifyTarget,
  type Severity,
  type TargetKind,
} from '@/lib/protocol';
import { useFleet } from '../fleet-store-context';
import { useSubmit } from '../use-submit';

const TIERS = Array.from({ length: MAX_ESCALATION_LEVEL + 1 }, (_, i) => i);

/** Adds a webhook or an e-mail address; the server checks what it is sent. */
export function TargetForm({
  apiKey,
  onAdded,
}: {
  apiKey: string;
  onAdded: (target: NotifyTarget, secret: string | undefined) => Promise<void>;
}) {
  const fleetId = useFleet((s) => s.fleetId);
  const [kind, setKind] = useState<TargetKind>('webhook');
  const [address, setAddress] = useState('');
  const [tier, setTier] = useState(0);
  const [severity, setSeverity] = useState<Severity>('high');
  const { busy, error, run } = useSubmit();

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    await run(async () => {
      const body = { kind, address: address.trim(), tier, min_severity: severity };
      const answer = await addTarget(apiKey, fleetId, body);
      setAddress('');
      await onAdded(answer.target, answer.secret);
    });
  };

  return (
    <form className="form inline-form" onSubmit={(e) => void submit(e)}>
      <h3>Add a target</h3>
      <label className="field">
        <span>Kind</span>
        <select value={kind} onChange={(e) => setKind(e.target.value as TargetKind)}>
          <option value="webhook">Webhook</option>
          <option value="email">E-mail</option>
        </select>
      </label>
      <label className="field grow">
        <span>{kind === 'webhook' ? 'URL' : 'E-mail address'}</span>
        <input
          type={kind === 'webhook' ? 'url' : 'email'}
          required
          value={address}
          placeholder={
            kind === 'webhook' ? 'https://ops.example.com/hooks/fleet' : 'ops@example.com'
          }
          onChange={(e) => setAddress(e.target.value)}
        />
      </label>
      <label className="field">
        <span>Tier</span>
        <select value={tier} onChange={(e) => setTier(Number(e.target.value))}>
          {TIERS.map((t) => (
            <option key={t} value={t}>
              {t === 0 ? 'On raise' : `After escalation ${t}`}
            </option>
          ))}
        </select>
      </label>
      <label className="field">
        <span>From severity</span>
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
      <button type="submit" className="button primary" disabled={busy}>
        {busy ? 'Adding…' : 'Add target'}
      </button>
      {error && (
        <p className="form-error wide" role="alert">
          {error}
        </p>
      )}
    </form>
  );
}
