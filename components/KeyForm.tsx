'use client';

import { useState, type FormEvent } from 'react';

/** Asks for an API key when the page was opened without one. */
export function KeyForm({ onKey }: { onKey: (key: string) => void }) {
  const [value, setValue] = useState('');
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const key = value.trim();
    if (key) onKey(key);
  };
  return (
    <form className="centered" onSubmit={submit}>
      <h1>Fleetlight</h1>
      <p>
        Open the dashboard link printed when the server started, or paste an API key that
        may see this fleet.
      </p>
      <label htmlFor="api-key">API key</label>
      <input
        id="api-key"
        type="password"
        autoComplete="off"
        value={value}
        onChange={(e) => setValue(e.target.value)}
      />
      <button type="submit">Open the dashboard</button>
    </form>
  );
}
