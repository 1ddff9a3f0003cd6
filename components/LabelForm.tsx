'use client';

import { useId, useState, type FormEvent } from 'react';
import { useSubmit } from './use-submit';

/**
 * A one-field form that makes something named by a label (an ingest key,
 * a wall link): the label, a submit button, the error of a failed try.
 * `create` receives the trimmed label; the field clears once it resolves.
 */
export function LabelForm({
  title,
  field,
  placeholder,
  submit,
  create,
}: {
  title: string;
  field: string;
  placeholder: string;
  submit: string;
  create: (label: string) => Promise<void>;
}) {
  const titleId = useId();
  const [label, setLabel] = useState('');
  const { busy, error, run } = useSubmit();

  const onSubmit = async (e: FormEvent) => {
    e.preventDefault();
    await run(async () => {
      await create(label.trim());
      setLabel('');
    });
  };

  return (
    <form
      className="form inline-form"
      aria-labelledby={titleId}
      onSubmit={(e) => void onSubmit(e)}
    >
      <h3 id={titleId}>{title}</h3>
      <label className="field grow">
        <span>{field}</span>
        <input
          required
          maxLength={100}
          value={label}
          placeholder={placeholder}
          onChange={(e) => setLabel(e.target.value)}
        />
      </label>
      <button type="submit" className="button primary" disabled={busy}>
        {busy ? 'Creating…' : submit}
      </button>
      {error && (
        <p className="form-error wide" role="alert">
          {error}
        </p>
      )}
    </form>
  );
}
