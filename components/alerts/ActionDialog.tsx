'use client';

import { useState, type FormEvent } from 'react';
import { MAX_ALERT_NOTE_LENGTH, type AlertAction } from '@/lib/protocol';
import { Dialog } from '../Dialog';
import type { ActOutcome } from './use-alert-actions';

const VERB: Record<AlertAction, string> = {
  acknowledge: 'Acknowledge',
  resolve: 'Resolve',
};

/** Confirms an acknowledgement or resolution, with an optional note. */
export function ActionDialog({
  open,
  action,
  subject,
  onSubmit,
  onClose,
}: {
  open: boolean;
  action: AlertAction;
  subject: string;
  onSubmit: (note: string) => Promise<ActOutcome>;
  onClose: () => void;
}) {
  return (
    <Dialog open={open} title={`${VERB[action]} ${subject}`} onClose={onClose}>
      <NoteForm action={action} onSubmit={onSubmit} onCancel={onClose} />
    </Dialog>
  );
}

/** Mounted per opening, so every dialog starts with an empty note. */
function NoteForm({
  action,
  onSubmit,
  onCancel,
}: {
  action: AlertAction;
  onSubmit: (note: string) => Promise<ActOutcome>;
  onCancel: () => void;
}) {
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    const outcome = await onSubmit(note);
    setBusy(false);
    if (!outcome.ok) setError(outcome.message);
  };

  return (
    <form className="form" onSubmit={(e) => void submit(e)}>
      <label htmlFor="alert-note">
        Note <span className="muted">(optional)</span>
      </label>
      <textarea
        id="alert-note"
        rows={3}
        maxLength={MAX_ALERT_NOTE_LENGTH}
        value={note}
        onChange={(e) => setNote(e.target.value)}
        placeholder={
          action === 'acknowledge'
            ? 'Calling the driver now'
            : 'Driver confirmed all is well'
        }
        autoFocus
      />
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      <div className="form-buttons">
        <button type="button" className="button subtle" onClick={onCancel}>
          Cancel
        </button>
        <button type="submit" className="button primary" disabled={busy}>
          {busy ? 'Sending…' : VERB[action]}
        </button>
      </div>
    </form>
  );
}
